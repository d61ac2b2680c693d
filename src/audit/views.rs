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
    /// Older entries, if any.
    pub next_url: Option<String>,
    /// Back to the newest entries, when not on them.
    pub newest_url: Option<String>,
}

#[derive(Template)]
#[template(path = "audit/list.html", block = "results")]
pub struct AuditListResults {
    pub shell: Shell,
    pub rows: Vec<AuditRow>,
    pub entity: String,
    /// Older entries, if any.
    pub next_url: Option<String>,
    /// Back to the newest entries, when not on them.
    pub newest_url: Option<String>,
}
