//! A category as checked from a form, ready to be saved.

use crate::catalog::domain::Handle;
use crate::domain::ids::CategoryId;

/// A checked category: a name, an optional slug (made from the name when empty), a parent,
/// and the version the person edited (none for a new category).
pub struct CategoryChanges {
    pub name: String,
    pub slug: Option<Handle>,
    pub parent_id: Option<CategoryId>,
    pub version: Option<i64>,
}
