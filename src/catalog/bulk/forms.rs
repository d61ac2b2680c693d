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
    /// Reads the posted pairs (`ids` repeats, which serde_urlencoded cannot collect). The
    /// page offers a control per kind of value (a status menu, a category menu, a text field);
    /// the operation decides which one is the value.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> BulkForm {
        let mut form = BulkForm::default();
        let (mut status, mut category) = (None, None);
        for (name, value) in pairs {
            match name.as_str() {
                "scope" => form.scope = value,
                "ids" if form.ids.len() < MAX_PRODUCTS as usize => form.ids.push(value),
                "filter" => form.filter = value,
                "operation" => form.operation = value,
                "value" => form.value = value,
                "value_status" => status = Some(value),
                "value_category" => category = Some(value),
                _ => {}
            }
        }
        match (form.operation.as_str(), status, category) {
            ("status", Some(status), _) => form.value = status,
            ("category", _, Some(category)) => form.value = category,
            _ => {}
        }
        form
    }
}
