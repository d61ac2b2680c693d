//! A transfer's lines as typed, one a line: a SKU or barcode and the units ("TEE-BLU-M 4",
//! "TEE-BLU-M, 4", or a SKU alone for one unit); a SKU listed twice moves the sum. Read by
//! `documents::parse_pasted`.

use crate::documents::{PasteRules, Repeats, parse_pasted};
use crate::inventory::domain::Quantity;

pub use crate::documents::lines_text;

const RULES: PasteRules = PasteRules {
    units_optional: true,
    extra: false,
    repeats: Repeats::Add,
    shape: "write a SKU and a number of units, like \"TEE-M 4\".",
};

/// Each line's code and units, and the problems of the lines that are not one, each naming
/// its line.
pub fn parse_lines(text: &str) -> (Vec<(String, Quantity)>, Vec<String>) {
    let (lines, mut problems) = parse_pasted(text, &RULES, |units| {
        Quantity::parse_positive(units)
            .map(Quantity::get)
            .map_err(|e| e.message().to_owned())
    })
    .into_parts();
    let mut read = Vec::new();
    for line in lines {
        match Quantity::parse(&line.units.to_string()) {
            Ok(quantity) => read.push((line.code, quantity)),
            Err(e) => problems.push(format!("Line {}: {}", line.number, e.message())),
        }
    }
    (read, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_name_a_code_and_units() {
        let (read, problems) = parse_lines("TEE-M 4\n\n  mug-1, 2\nTEE-M\tmug");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("Line 4"), "{problems:?}");
        assert_eq!(read.len(), 2, "the lines that read are kept");
        let (lines, none) = parse_lines("TEE-M 4\nmug-1, 2\ntee-m 1\nCAP");
        assert!(none.is_empty());
        let got: Vec<(&str, i64)> = lines.iter().map(|(c, q)| (c.as_str(), q.get())).collect();
        assert_eq!(got, vec![("TEE-M", 5), ("mug-1", 2), ("CAP", 1)]);
        assert!(parse_lines("A 1.5").1[0].contains("whole number"));
        assert!(!parse_lines("A 0").1.is_empty());
        assert!(!parse_lines("A 1 2").1.is_empty());
        assert_eq!(lines_text(&[("A".into(), 2)]), "A 2");
    }
}
