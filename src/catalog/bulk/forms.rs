//! The bulk edit form as posted.

use super::models::MAX_PRODUCTS;

/// The bulk form as posted: the selection, the operation and its value.
#[derive(Debug, Clone, Default)]
pub struct BulkForm {
    /// "selected" (the `ids`) or "all" (everything matching `filter`).
    pub scope: String,
    pub ids: Vec<String>,
    /// The list's query string.
    pub filter: String,
    pub operation: String,
    pub value: String,
}

impl BulkForm {
    /// Reads the posted pairs (`ids` repeats, which serde_urlencoded cannot collect).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> BulkForm {
        let mut form = BulkForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "scope" => form.scope = value,
                "ids" if form.ids.len() < MAX_PRODUCTS as usize => form.ids.push(value),
                "filter" => form.filter = value,
                "operation" => form.operation = value,
                "value" => form.value = value,
                _ => {}
            }
        }
        form
    }
}
