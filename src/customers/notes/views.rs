//! A note's edit page.

use askama::Template;

use super::queries::Note;
use crate::domain::ids::CustomerId;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "customers/note.html")]
pub struct NotePage {
    pub shell: Shell,
    pub customer: CustomerId,
    pub customer_name: String,
    pub note: Note,
    /// The text as typed (after a refused save) or as stored.
    pub body: String,
    pub version: i64,
    pub error: Option<String>,
    pub conflict: Option<String>,
}
