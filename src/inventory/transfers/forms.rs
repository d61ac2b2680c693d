//! The transfer forms as posted: a draft (locations, note, lines as text) and a receipt (units
//! per line).

use serde::Deserialize;

use super::lines::parse_lines;
use super::models::{DraftChanges, LineProblems, Transfer};
use crate::domain::ids::LocationId;
use crate::inventory::domain::Quantity;
use crate::web::forms::{FormErrors, text_field};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TransferForm {
    pub from: String,
    pub to: String,
    pub note: String,
    /// One line each: a SKU or barcode and the units.
    pub lines: String,
    pub version: String,
}

impl TransferForm {
    pub fn of(transfer: &Transfer, lines: String) -> TransferForm {
        TransferForm {
            from: transfer.from_location_id.to_string(),
            to: transfer.to_location_id.to_string(),
            note: transfer.note.clone(),
            lines,
            version: transfer.version.to_string(),
        }
    }

    pub fn parse(&self) -> Result<DraftChanges, FormErrors> {
        let mut errors = FormErrors::new();
        let from: Option<LocationId> = self.from.trim().parse().ok();
        if from.is_none() {
            errors.add("from", "Choose where the stock leaves from.");
        }
        let to: Option<LocationId> = self.to.trim().parse().ok();
        if to.is_none() {
            errors.add("to", "Choose where the stock goes.");
        }
        let note = text_field(&mut errors, "note", &self.note, "a note", 500, false);
        let lines = match parse_lines(&self.lines) {
            Ok(lines) => lines,
            Err(problems) => {
                errors.add("lines", problems.join(" "));
                Vec::new()
            }
        };
        match (from, to, errors.is_empty()) {
            (Some(from), Some(to), true) => Ok(DraftChanges {
                from,
                to,
                note,
                lines,
                version: self.version.trim().parse().ok(),
            }),
            _ => Err(errors),
        }
    }
}

/// A receipt: `line_<id>` = units arrived, empty for none. Every figure is checked; the
/// problems name their line.
pub fn receipt(pairs: &[(String, String)]) -> Result<Vec<(i64, Quantity)>, LineProblems> {
    let mut arrived = Vec::new();
    let mut problems = Vec::new();
    for (name, value) in pairs {
        let Some(id) = name
            .strip_prefix("line_")
            .and_then(|id| id.parse::<i64>().ok())
        else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match Quantity::parse(value) {
            Ok(units) => arrived.push((id, units)),
            Err(e) => problems.push((id, e.message().to_owned())),
        }
    }
    if problems.is_empty() {
        Ok(arrived)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_receipt_reads_units_per_line() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let got = receipt(&pairs(&[
            ("line_4", "3"),
            ("line_5", ""),
            ("csrf_token", "x"),
        ]))
        .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1.get()), (4, 3));
        let bad = receipt(&pairs(&[("line_4", "2.5"), ("line_6", "-1")])).unwrap_err();
        assert_eq!(bad.len(), 2);
        let form = TransferForm {
            from: "1".into(),
            to: "2".into(),
            lines: "A 2\nB".into(),
            ..TransferForm::default()
        };
        assert_eq!(form.parse().unwrap().lines.len(), 2);
        let missing = TransferForm::default().parse().unwrap_err();
        assert!(missing.get("from").is_some() && missing.get("to").is_some());
    }
}
