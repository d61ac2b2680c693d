//! The dashboard page.

use askama::Template;

use crate::audit::AuditRow;
use crate::web::shell::Shell;

#[derive(Debug, Default)]
pub struct Counts {
    pub active_staff: i64,
    pub sign_ins_today: i64,
    pub failed_sign_ins_today: i64,
    pub changes_today: i64,
}

#[derive(Template)]
#[template(path = "dashboard/show.html")]
pub struct DashboardPage {
    pub shell: Shell,
    pub counts: Counts,
    pub recent: Vec<AuditRow>,
    pub sees_audit: bool,
}
