//! `GET /admin`

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Duration;

use super::views::{Counts, DashboardPage};
use crate::app::AppState;
use crate::audit::{AuditFilter, count_action_since, count_since, recent_entries};
use crate::auth::Permission;
use crate::db;
use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin`
pub async fn show_dashboard(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let sees_audit = shell.can(Permission::AuditView);
    let (counts, recent) = db::run(&state.pool, move |conn| {
        let since = db::now() - Duration::hours(24);
        let counts = Counts {
            active_staff: crate::staff::count_active(conn)?,
            sign_ins_today: count_action_since(conn, "staff.sign_in", since)?,
            failed_sign_ins_today: count_action_since(conn, "staff.sign_in_failed", since)?,
            changes_today: count_since(conn, since)?,
        };
        let recent = if sees_audit {
            recent_entries(conn, &AuditFilter::default(), 8)?
        } else {
            Vec::new()
        };
        Ok((counts, recent))
    })
    .await?;
    render(
        StatusCode::OK,
        &DashboardPage {
            shell,
            counts,
            recent,
            sees_audit,
        },
    )
}
