//! The transfer forms as posted: a draft (locations, note, lines as text) and a receipt (units
//! per line).

use serde::Deserialize;

use super::lines::parse_lines;
use super::models::{DraftChanges, Transfer};
use crate::domain::ids::LocationId;
use crate::domain::problems::FieldErrors;
use crate::web::forms::{chosen_id, lines_field, text_field};

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

    pub fn parse(&self) -> Result<DraftChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let from: Option<LocationId> = chosen_id(
            &mut errors,
            ("from", &self.from),
            "Choose where the stock leaves from.",
        );
        let to: Option<LocationId> = chosen_id(
            &mut errors,
            ("to", &self.to),
            "Choose where the stock goes.",
        );
        let note = text_field(&mut errors, "note", &self.note, "a note", 500, false);
        let other_errors = !errors.is_empty();
        let (lines, line_problems) =
            lines_field(&mut errors, parse_lines(&self.lines), other_errors);
        match (from, to, errors.is_empty()) {
            (Some(from), Some(to), true) => Ok(DraftChanges {
                from,
                to,
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
    fn a_draft_needs_both_locations() {
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
