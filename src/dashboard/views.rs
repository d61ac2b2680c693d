//! The dashboard page.

use askama::Template;

use crate::audit::Activity;
use crate::catalog::CatalogOverview;
use crate::domain::words::grouped;
use crate::inventory::InventoryOverview;
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
    pub catalog: Option<CatalogOverview>,
    /// Inventory at a glance, for those who see stock (their locations only).
    pub stock: Option<InventoryOverview>,
    /// Sign-in figures, for those who read the audit log.
    pub counts: Option<Counts>,
    pub activity: Vec<Activity>,
    /// Whether the activity is the whole log's or the catalog's only.
    pub sees_audit: bool,
}

impl DashboardPage {
    pub fn grouped(&self, n: &i64) -> String {
        grouped(*n)
    }
}
