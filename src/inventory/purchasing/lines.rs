//! A purchase order's lines as typed, one a line: a SKU or barcode, the units, and the unit
//! cost if it differs from the variant's current cost ("TEE-M 24 4.50"); a SKU may be listed
//! once. Read by `documents::parse_pasted`.

use super::models::TypedLine;
use crate::documents::{PasteRules, Pasted, Repeats, parse_pasted};
use crate::domain::money::{Currency, Money};
use crate::inventory::domain::Quantity;

const RULES: PasteRules = PasteRules {
    units_optional: false,
    extra: true,
    repeats: Repeats::Refuse,
    shape: "write a SKU, the units and (if it differs) the unit cost, like \"TEE-M 24 4.50\".",
};

/// Each line's code, units and unit cost (minor units, when typed), and the problems of the
/// lines that are not one, each naming its line.
pub fn parse_purchase_order_lines(
    text: &str,
    currency: &Currency,
) -> (Vec<TypedLine>, Vec<String>) {
    let pasted = parse_pasted(text, &RULES, |units| {
        Quantity::parse_positive(units)
            .map(Quantity::get)
            .map_err(|e| e.message().to_owned())
    });
    let mut lines: Vec<TypedLine> = Vec::new();
    let mut problems = pasted.problems;
    for line in pasted.lines {
        let cost = match line
            .extra
            .as_deref()
            .map(|c| Money::parse(c, currency).and_then(|m| m.to_minor(currency)))
        {
            None => None,
            Some(Ok(minor)) => Some(minor),
            Some(Err(e)) => {
                problems.push((
                    line.number,
                    format!("Line {} ({}): the unit cost: {e}", line.number, line.code),
                ));
                continue;
            }
        };
        match Quantity::parse(&line.units.to_string()) {
            Ok(quantity) => lines.push((line.code, quantity, cost)),
            Err(e) => problems.push((
                line.number,
                format!("Line {}: {}", line.number, e.message()),
            )),
        }
    }
    let (_, problems) = Pasted {
        lines: Vec::new(),
        problems,
    }
    .into_parts();
    (lines, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_lines_name_units_and_maybe_a_cost() {
        let usd = Currency::from_code("USD").unwrap();
        let (got, none) = parse_purchase_order_lines("TEE-M 24 4.50\nMUG-1 6\n\n", &usd);
        assert!(none.is_empty());
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].1.get(), got[0].2), (24, Some(450)));
        assert_eq!(got[1].2, None);
        let (read, bad) = parse_purchase_order_lines("A\nB 1.5\nC 2 abc\nD 1\nd 2", &usd);
        assert_eq!(read.len(), 1, "D 1 reads");
        assert_eq!(bad.len(), 4, "{bad:?}");
        assert!(bad[2].contains("unit cost"));
        assert!(bad[3].contains("twice"));
    }
}
