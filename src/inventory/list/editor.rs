//! An inventory list row opened into its forms: what was typed, and what was wrong with the
//! last save (the adjust and reorder posts fill it; the row's template shows it).

use crate::domain::problems::FieldErrors;

/// An open row's forms as typed, with what was wrong with the last save.
#[derive(Debug, Default)]
pub struct RowEditor {
    pub mode: String,
    pub quantity: String,
    pub reason: String,
    pub note: String,
    /// On hand as the person last saw it, when the save found it moved.
    pub expected: Option<i64>,
    pub point: Option<String>,
    pub reorder_quantity: Option<String>,
    pub errors: FieldErrors,
    /// A refusal or conflict that is not about one field.
    pub message: Option<String>,
}

impl RowEditor {
    pub fn expected_or(&self, on_hand: &i64) -> i64 {
        self.expected.unwrap_or(*on_hand)
    }

    pub fn point_or(&self, saved: &Option<i64>) -> String {
        self.point
            .clone()
            .unwrap_or_else(|| saved.map(|p| p.to_string()).unwrap_or_default())
    }

    pub fn reorder_quantity_or(&self, saved: &Option<i64>) -> String {
        self.reorder_quantity
            .clone()
            .unwrap_or_else(|| saved.map(|q| q.to_string()).unwrap_or_default())
    }

    /// Whether `field` takes the focus: the first one in error, else the units.
    pub fn focus(&self, field: &str) -> bool {
        const TYPED: [&str; 3] = ["quantity", "reason", "note"];
        match self
            .errors
            .iter()
            .map(|(f, _)| f)
            .find(|f| TYPED.contains(f))
        {
            Some(first) => first == field,
            None => field == "quantity",
        }
    }
}
