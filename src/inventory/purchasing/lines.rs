//! A purchase order's lines as typed, one a line: a SKU or barcode, the units, and the unit
//! cost if it differs from the variant's current cost ("TEE-M 24 4.50").

use super::models::TypedLine;
use crate::domain::money::{Currency, Money};
use crate::inventory::domain::Quantity;

pub const MAX_LINES: usize = 2_000;

pub fn parse_purchase_order_lines(
    text: &str,
    currency: &Currency,
) -> Result<Vec<TypedLine>, Vec<String>> {
    let mut lines: Vec<TypedLine> = Vec::new();
    let mut problems = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if lines.len() >= MAX_LINES {
            problems.push(format!("At most {MAX_LINES} lines at once."));
            break;
        }
        let parts: Vec<&str> = line
            .split(|c: char| c == ';' || c == '\t' || c.is_whitespace())
            .map(|p| p.trim_matches(','))
            .filter(|p| !p.is_empty())
            .collect();
        let (code, units, cost) = match parts.as_slice() {
            [code, units] => (*code, *units, None),
            [code, units, cost] => (*code, *units, Some(*cost)),
            _ => {
                problems.push(format!(
                    "Line {}: write a SKU, the units and (if it differs) the unit cost, like \"TEE-M 24 4.50\".",
                    n + 1
                ));
                continue;
            }
        };
        let quantity = match Quantity::parse_positive(units) {
            Ok(q) => q,
            Err(e) => {
                problems.push(format!("Line {} ({code}): {}", n + 1, e.message()));
                continue;
            }
        };
        let cost = match cost.map(|c| Money::parse(c, currency).and_then(|m| m.to_minor(currency)))
        {
            None => None,
            Some(Ok(minor)) => Some(minor),
            Some(Err(e)) => {
                problems.push(format!("Line {} ({code}): the unit cost: {e}", n + 1));
                continue;
            }
        };
        if lines.iter().any(|(c, _, _)| c.eq_ignore_ascii_case(code)) {
            problems.push(format!(
                "Line {}: {code} is listed twice; give it one line.",
                n + 1
            ));
            continue;
        }
        lines.push((code.to_owned(), quantity, cost));
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_lines_name_units_and_maybe_a_cost() {
        let usd = Currency::from_code("USD").unwrap();
        let got = parse_purchase_order_lines("TEE-M 24 4.50\nMUG-1 6\n\n", &usd).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].1.get(), got[0].2), (24, Some(450)));
        assert_eq!(got[1].2, None);
        let bad = parse_purchase_order_lines("A\nB 1.5\nC 2 abc\nD 1\nd 2", &usd).unwrap_err();
        assert_eq!(bad.len(), 4, "{bad:?}");
        assert!(bad[2].contains("unit cost"));
        assert!(bad[3].contains("twice"));
    }
}
