//! The dashboard: the first page after sign-in. Real counts of what exists so far; the
//! dashboard issue replaces it with sales and stock figures.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::Duration;

use crate::app::AppState;
use crate::audit::queries::{self as audit_queries, AuditFilter, AuditRow};
use crate::auth::Permission;
use crate::db;
use crate::error::AppError;
use crate::web::routing::{Access, Routes};
use crate::web::shell::Shell;

pub fn configure(routes: &mut Routes<'_>) {
    routes.get(
        "/admin",
        Access::Allowed(Permission::DashboardView),
        show_dashboard,
    );
}

#[derive(Debug, Default)]
pub struct Counts {
    pub active_staff: i64,
    pub sign_ins_today: i64,
    pub failed_sign_ins_today: i64,
    pub changes_today: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "dashboard/show.html")]
pub struct DashboardPage {
    shell: Shell,
    counts: Counts,
    recent: Vec<AuditRow>,
    sees_audit: bool,
}

/// `GET /admin`
pub async fn show_dashboard(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<DashboardPage, AppError> {
    let sees_audit = shell.can(Permission::AuditView);
    let (counts, recent) = db::run(&state.pool, move |conn| {
        let since = db::now() - Duration::hours(24);
        let counts = Counts {
            active_staff: crate::staff::count_active(conn)?,
            sign_ins_today: audit_queries::count_action_since(conn, "staff.sign_in", since)?,
            failed_sign_ins_today: audit_queries::count_action_since(
                conn,
                "staff.sign_in_failed",
                since,
            )?,
            changes_today: audit_queries::count_since(conn, since)?,
        };
        let recent = if sees_audit {
            audit_queries::list(conn, &AuditFilter::default(), 8)?
        } else {
            Vec::new()
        };
        Ok((counts, recent))
    })
    .await?;
    Ok(DashboardPage {
        shell,
        counts,
        recent,
        sees_audit,
    })
}
