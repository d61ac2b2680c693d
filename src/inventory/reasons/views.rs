//! The reasons page.

use askama::Template;

use super::queries::ReasonRow;
use crate::domain::problems::FieldErrors;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/reasons.html")]
pub struct ReasonsPage {
    pub shell: Shell,
    pub rows: Vec<ReasonRow>,
    pub typed: String,
    pub errors: FieldErrors,
    pub can_manage: bool,
}
