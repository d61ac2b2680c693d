//! The audit log page.

use askama::Template;

use super::queries::AuditRow;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "audit/list.html")]
pub struct AuditListPage {
    pub shell: Shell,
    pub rows: Vec<AuditRow>,
    pub entity_types: Vec<String>,
    pub entity: String,
    pub next_before: Option<i64>,
    pub is_first_page: bool,
}

#[derive(Template)]
#[template(path = "audit/list.html", block = "results")]
pub struct AuditListResults {
    pub shell: Shell,
    pub rows: Vec<AuditRow>,
    pub entity: String,
    pub next_before: Option<i64>,
    pub is_first_page: bool,
}
