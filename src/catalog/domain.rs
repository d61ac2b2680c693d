//! Catalog values: SKUs, handles, barcodes, tags, status, options and the variant matrix. Each
//! parser trims, checks and returns a message fit to show next to the field.

use std::fmt;

/// At most three options per product (Size, Colour, Material), as merchants know from Shopify.
pub const MAX_OPTIONS: usize = 3;
/// At most this many values per option.
pub const MAX_OPTION_VALUES: usize = 100;
/// At most this many variants per product.
pub const MAX_VARIANTS: usize = 2048;
pub const MAX_TAGS: usize = 50;

/// A stock-keeping unit: 1–64 characters of letters, digits and `- _ . /`. Unique
/// case-insensitively through [`Sku::key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku(String);

impl Sku {
    pub fn parse(text: &str) -> Result<Sku, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter a SKU.".into());
        }
        if text.chars().count() > 64 {
            return Err("Use at most 64 characters.".into());
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        {
            return Err("Use letters, digits and - _ . / only (no spaces).".into());
        }
        Ok(Sku(text.to_owned()))
    }

    /// Builds a SKU from a handle and option values: `linen-shirt` + `Blue`, `M` → `LINEN-SHIRT-BLUE-M`.
    pub fn generate(handle: &str, values: &[String]) -> Sku {
        let mut parts = vec![handle.to_ascii_uppercase()];
        parts.extend(
            values
                .iter()
                .map(|v| slug::slugify(v).to_ascii_uppercase())
                .filter(|v| !v.is_empty()),
        );
        let mut sku: String = parts
            .join("-")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        sku.truncate(60);
        if sku.is_empty() {
            sku = "SKU".into();
        }
        Sku(sku.trim_end_matches('-').to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The upper-cased form stored for uniqueness.
    pub fn key(&self) -> String {
        self.0.to_ascii_uppercase()
    }

    /// The same SKU with a numeric suffix, for resolving a clash with a generated SKU.
    pub fn with_suffix(&self, n: usize) -> Sku {
        Sku(format!("{}-{n}", self.0))
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A product's URL handle: lower-case letters, digits and single hyphens, 1–100 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle(String);

impl Handle {
    pub fn parse(text: &str) -> Result<Handle, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter a handle.".into());
        }
        if text.len() > 100 {
            return Err("Use at most 100 characters.".into());
        }
        let valid = text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        if !valid {
            return Err(format!(
                "Use lower-case letters, digits and single hyphens, such as {}.",
                Handle::from_title(text)
            ));
        }
        Ok(Handle(text.to_owned()))
    }

    /// `Linen Shirt – Blue!` → `linen-shirt-blue`; accents are transliterated.
    pub fn from_title(title: &str) -> Handle {
        let mut handle = slug::slugify(title);
        if handle.len() > 90 {
            handle.truncate(90);
            handle = handle.trim_end_matches('-').to_owned();
        }
        if handle.is_empty() {
            handle = "product".into();
        }
        Handle(handle)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn with_suffix(&self, n: usize) -> Handle {
        Handle(format!("{}-{n}", self.0))
    }
}

impl fmt::Display for Handle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An optional barcode (GTIN, UPC, EAN or the shop's own): 1–64 letters and digits.
pub fn parse_barcode(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > 64 || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err("Use at most 64 letters and digits.".into());
    }
    Ok(Some(text.to_owned()))
}

/// Tags typed as a comma-separated list: trimmed, duplicates (ignoring case) dropped, the first
/// spelling kept.
pub fn parse_tags(text: &str) -> Result<Vec<String>, String> {
    let mut tags: Vec<String> = Vec::new();
    for raw in text.split(',') {
        let tag = raw.trim();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > 40 {
            return Err(format!(
                "Keep each tag under 40 characters (\"{}…\" is longer).",
                tag.chars().take(20).collect::<String>()
            ));
        }
        if tag.chars().any(char::is_control) {
            return Err("Remove the control characters.".into());
        }
        if !tags
            .iter()
            .any(|t| t.eq_ignore_ascii_case(tag) || t.to_lowercase() == tag.to_lowercase())
        {
            tags.push(tag.to_owned());
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(format!("Use at most {MAX_TAGS} tags."));
    }
    Ok(tags)
}

/// The form of a tag used for filtering: lower-case.
pub fn tag_key(tag: &str) -> String {
    tag.trim().to_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductStatus {
    Draft,
    Active,
    Archived,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 3] = [
        ProductStatus::Draft,
        ProductStatus::Active,
        ProductStatus::Archived,
    ];

    pub fn parse(text: &str) -> Option<ProductStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(ProductStatus::Draft),
            "active" => Some(ProductStatus::Active),
            "archived" => Some(ProductStatus::Archived),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::Active => "active",
            ProductStatus::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProductStatus::Draft => "Draft",
            ProductStatus::Active => "Active",
            ProductStatus::Archived => "Archived",
        }
    }
}

/// One option (Size) with its values in order (S, M, L).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductOption {
    pub name: String,
    pub values: Vec<String>,
}

/// Parses one option row; both parts empty means "no option".
pub fn parse_option(name: &str, values: &str) -> Result<Option<ProductOption>, String> {
    let name = name.trim();
    let mut parsed: Vec<String> = Vec::new();
    for value in values.split(',') {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if value.chars().count() > 60 {
            return Err("Keep each value under 60 characters.".into());
        }
        if parsed
            .iter()
            .any(|v| v.to_lowercase() == value.to_lowercase())
        {
            return Err(format!("\"{value}\" is listed twice."));
        }
        parsed.push(value.to_owned());
    }
    match (name.is_empty(), parsed.is_empty()) {
        (true, true) => Ok(None),
        (true, false) => Err("Name the option (for example Size).".into()),
        (false, true) => Err(format!("List the values of {name}, separated by commas.")),
        (false, false) => {
            if name.chars().count() > 40 {
                return Err("Keep the option name under 40 characters.".into());
            }
            if parsed.len() > MAX_OPTION_VALUES {
                return Err(format!("Use at most {MAX_OPTION_VALUES} values."));
            }
            Ok(Some(ProductOption {
                name: name.to_owned(),
                values: parsed,
            }))
        }
    }
}

/// Every combination of option values, in order: the first option varies slowest. A product
/// without options has exactly one (empty) combination: its default variant.
pub fn variant_matrix(options: &[ProductOption]) -> Result<Vec<Vec<String>>, String> {
    let total = options
        .iter()
        .try_fold(1usize, |n, o| n.checked_mul(o.values.len()))
        .unwrap_or(usize::MAX);
    if total > MAX_VARIANTS {
        return Err(format!(
            "These options make {total} variants; a product can have at most {MAX_VARIANTS}."
        ));
    }
    let mut combinations: Vec<Vec<String>> = vec![Vec::new()];
    for option in options {
        combinations = combinations
            .into_iter()
            .flat_map(|prefix| {
                option.values.iter().map(move |value| {
                    let mut next = prefix.clone();
                    next.push(value.clone());
                    next
                })
            })
            .collect();
    }
    Ok(combinations)
}

/// The key that identifies a variant's combination in forms: values joined by " / ".
pub fn combination_key(values: &[String]) -> String {
    values.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skus_are_checked_and_keyed_case_insensitively() {
        assert_eq!(Sku::parse(" tee-blu-m ").unwrap().key(), "TEE-BLU-M");
        assert_eq!(Sku::parse("A/B_1.2").unwrap().as_str(), "A/B_1.2");
        assert!(Sku::parse("").is_err());
        assert!(Sku::parse("has space").is_err());
        assert!(Sku::parse("naïve").is_err());
        assert!(Sku::parse(&"X".repeat(65)).is_err());
    }

    #[test]
    fn skus_are_generated_from_handle_and_values() {
        let sku = Sku::generate("linen-shirt", &["Sky Blue".into(), "M".into()]);
        assert_eq!(sku.as_str(), "LINEN-SHIRT-SKY-BLUE-M");
        assert!(Sku::parse(sku.as_str()).is_ok());
        assert_eq!(Sku::generate("x", &[]).with_suffix(2).as_str(), "X-2");
    }

    #[test]
    fn handles_come_from_titles_and_are_validated() {
        assert_eq!(
            Handle::from_title("Linen Shirt – Blue!").as_str(),
            "linen-shirt-blue"
        );
        assert_eq!(
            Handle::from_title("Crème Brûlée Set").as_str(),
            "creme-brulee-set"
        );
        assert_eq!(Handle::from_title("!!!").as_str(), "product");
        assert!(Handle::parse("linen-shirt").is_ok());
        for bad in [
            "Linen",
            "linen shirt",
            "-linen",
            "linen-",
            "linen--shirt",
            "",
        ] {
            assert!(Handle::parse(bad).is_err(), "{bad}");
        }
        assert!(
            Handle::parse("Linen Shirt")
                .unwrap_err()
                .contains("linen-shirt")
        );
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_ignoring_case() {
        assert_eq!(
            parse_tags(" summer, Linen ,summer, SUMMER,, ").unwrap(),
            vec!["summer", "Linen"]
        );
        assert!(parse_tags(&"x".repeat(41)).is_err());
        assert!(
            parse_tags(
                &(0..51)
                    .map(|i| format!("t{i}"))
                    .collect::<Vec<_>>()
                    .join(",")
            )
            .is_err()
        );
    }

    #[test]
    fn options_need_a_name_and_distinct_values() {
        assert_eq!(parse_option("", " "), Ok(None));
        assert_eq!(
            parse_option("Size", "S, M ,L").unwrap().unwrap().values,
            vec!["S", "M", "L"]
        );
        assert!(parse_option("", "S").is_err());
        assert!(parse_option("Size", "").is_err());
        assert!(parse_option("Size", "S, s").is_err());
    }

    #[test]
    fn the_variant_matrix_is_every_combination_in_order() {
        let size = ProductOption {
            name: "Size".into(),
            values: vec!["S".into(), "M".into()],
        };
        let colour = ProductOption {
            name: "Colour".into(),
            values: vec!["Red".into(), "Blue".into(), "Green".into()],
        };
        let matrix = variant_matrix(&[size, colour]).unwrap();
        assert_eq!(matrix.len(), 6);
        assert_eq!(matrix[0], vec!["S", "Red"]);
        assert_eq!(matrix[1], vec!["S", "Blue"]);
        assert_eq!(matrix[5], vec!["M", "Green"]);
        assert_eq!(variant_matrix(&[]).unwrap(), vec![Vec::<String>::new()]);
    }

    #[test]
    fn too_many_variants_are_refused() {
        let many = |n: usize| ProductOption {
            name: "X".into(),
            values: (0..n).map(|i| i.to_string()).collect(),
        };
        assert!(variant_matrix(&[many(100), many(21)]).is_err());
        assert_eq!(variant_matrix(&[many(64), many(32)]).unwrap().len(), 2048);
    }
}
