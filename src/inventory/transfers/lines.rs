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

/// Each line's code and units, or the problems, each naming its line.
pub fn parse_lines(text: &str) -> Result<Vec<(String, Quantity)>, Vec<String>> {
    let lines = parse_pasted(text, &RULES, |units| {
        Quantity::parse_positive(units)
            .map(Quantity::get)
            .map_err(|e| e.message().to_owned())
    })
    .into_result()?;
    lines
        .into_iter()
        .map(|line| {
            Quantity::parse(&line.units.to_string())
                .map(|q| (line.code, q))
                .map_err(|e| vec![e.message().to_owned()])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_name_a_code_and_units() {
        let lines = parse_lines("TEE-M 4\n\n  mug-1, 2\nTEE-M\tmug").unwrap_err();
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with("Line 4"), "{lines:?}");
        let lines = parse_lines("TEE-M 4\nmug-1, 2\ntee-m 1\nCAP").unwrap();
        let got: Vec<(&str, i64)> = lines.iter().map(|(c, q)| (c.as_str(), q.get())).collect();
        assert_eq!(got, vec![("TEE-M", 5), ("mug-1", 2), ("CAP", 1)]);
        assert!(parse_lines("A 1.5").unwrap_err()[0].contains("whole number"));
        assert!(parse_lines("A 0").is_err());
        assert!(parse_lines("A 1 2").is_err());
        assert_eq!(lines_text(&[("A".into(), 2)]), "A 2");
    }
}
