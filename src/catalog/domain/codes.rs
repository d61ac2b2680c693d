//! The catalog's codes and words: SKUs, handles, barcodes and tags. Each parser trims, checks
//! and returns a message fit to show next to the field.

use std::fmt;

use super::limits::MAX_TAGS;

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
}
