//! Options (Size, Colour) and the variant matrix they make.

use super::limits::{MAX_OPTION_VALUES, MAX_VARIANTS};

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

/// A variant's option values as people read them: "M / Blue" (empty values left out).
pub fn options_label(values: [Option<String>; 3]) -> String {
    values.into_iter().flatten().collect::<Vec<_>>().join(" / ")
}

/// The key that identifies a variant's combination in forms: values joined by " / ".
pub fn combination_key(values: &[String]) -> String {
    values.join(" / ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
