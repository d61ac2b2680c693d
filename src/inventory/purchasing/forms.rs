//! The purchase order forms as posted: a draft (supplier, location, expected day, note, lines
//! as text) and a receipt (units per line).

use chrono::NaiveDate;
use serde::Deserialize;

use super::lines::parse_purchase_order_lines;
use super::models::{DraftChanges, PurchaseOrder, PurchaseOrderLine};
use crate::domain::money::{Currency, Money};
use crate::domain::problems::FieldErrors;
use crate::web::forms::{chosen_id, lines_field, text_field};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PurchaseOrderForm {
    pub supplier: String,
    pub location: String,
    pub expected_on: String,
    pub note: String,
    /// One a line: a SKU or barcode, the units, and the unit cost if it differs.
    pub lines: String,
    pub version: String,
}

impl PurchaseOrderForm {
    pub fn of(
        order: &PurchaseOrder,
        lines: &[PurchaseOrderLine],
        currency: &Currency,
    ) -> PurchaseOrderForm {
        PurchaseOrderForm {
            supplier: order.supplier_id.to_string(),
            location: order.location_id.to_string(),
            expected_on: order.expected_on.clone().unwrap_or_default(),
            note: order.note.clone(),
            lines: lines
                .iter()
                .map(|l| {
                    format!(
                        "{} {} {}",
                        l.sku,
                        l.quantity,
                        Money::from_minor(l.unit_cost, currency).input_value(currency)
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            version: order.version.to_string(),
        }
    }

    pub fn parse(&self, currency: &Currency) -> Result<DraftChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let supplier = chosen_id(
            &mut errors,
            ("supplier", &self.supplier),
            "Choose a supplier.",
        );
        let location = chosen_id(
            &mut errors,
            ("location", &self.location),
            "Choose where the goods arrive.",
        );
        let expected_on = match self.expected_on.trim() {
            "" => None,
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(day) => Some(day),
                Err(_) => {
                    errors.add("expected_on", "Enter a day like 2026-12-24.");
                    None
                }
            },
        };
        let note = text_field(&mut errors, "note", &self.note, "a note", 500, false);
        let other_errors = !errors.is_empty();
        let (lines, line_problems) = lines_field(
            &mut errors,
            parse_purchase_order_lines(&self.lines, currency),
            other_errors,
        );
        match (supplier, location, errors.is_empty()) {
            (Some(supplier), Some(location), true) => Ok(DraftChanges {
                supplier,
                location,
                expected_on,
                note,
                lines,
                line_problems,
                version: self.version.trim().parse().ok(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_needs_a_supplier_a_location_and_a_real_day() {
        let usd = Currency::from_code("USD").unwrap();
        let form = PurchaseOrderForm {
            supplier: "1".into(),
            location: "2".into(),
            expected_on: "2026-12-24".into(),
            lines: "TEE 4 3.50".into(),
            ..PurchaseOrderForm::default()
        };
        let valid = form.parse(&usd).unwrap();
        assert_eq!(valid.lines[0].2, Some(350));
        let bad = PurchaseOrderForm {
            expected_on: "next week".into(),
            lines: "TEE four".into(),
            ..PurchaseOrderForm::default()
        };
        let errors = bad.parse(&usd).unwrap_err();
        for field in ["supplier", "location", "expected_on", "lines"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
