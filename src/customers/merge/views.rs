//! The merge page: two customers side by side, a choice per field.

use askama::Template;

use crate::customers::models::Customer;
use crate::web::shell::Shell;

/// One row of the comparison: the field, its label, each customer's value as shown, and
/// whether the other's is chosen.
pub struct FieldChoice {
    pub field: &'static str,
    pub label: &'static str,
    pub kept: String,
    pub other: String,
    pub take_other: bool,
}

#[derive(Template)]
#[template(path = "customers/merge.html")]
pub struct MergePage {
    pub shell: Shell,
    pub kept: Customer,
    pub other: Customer,
    pub kept_name: String,
    pub other_name: String,
    pub fields: Vec<FieldChoice>,
    /// Addresses and notes the other brings.
    pub moving: (usize, usize),
    pub error: Option<String>,
}
