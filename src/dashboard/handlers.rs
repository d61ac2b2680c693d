//! `GET /admin`

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::Duration;

use super::views::{Counts, DashboardPage};
use crate::app::AppState;
use crate::audit::{AuditFilter, count_action_since, count_since, recent_activity};
use crate::auth::Permission;
use crate::catalog::CatalogState;
use crate::db;
use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

/// Record types the catalog's readers may see the activity of.
const CATALOG_RECORDS: [&str; 4] = ["product", "category", "change_set", "import"];

/// `GET /admin`: the same page for every role, each part shown to those who may see it.
pub async fn show_dashboard(
    shell: Shell,
    state: web::Data<AppState>,
    catalog_state: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let sees_audit = shell.can(Permission::AuditView);
    let sees_catalog = shell.can(Permission::CatalogView);
    let sees_stock = shell.can(Permission::InventoryView);
    let me = shell.staff.as_ref().map(|s| s.id);
    let shop = shell.shop.clone();
    let (catalog, stock, counts, activity) = db::run(&state.pool, move |conn| {
        let since = db::now() - Duration::hours(24);
        let today = start_of_today(&shop);
        let catalog = if sees_catalog {
            Some(crate::catalog::catalog_overview(
                conn,
                today,
                &catalog_state.counts,
            )?)
        } else {
            None
        };
        let stock = if sees_stock {
            let today = chrono::Utc::now()
                .with_timezone(&shop.time_zone)
                .date_naive();
            Some(crate::inventory::inventory_overview(conn, me, today)?)
        } else {
            None
        };
        let counts = if sees_audit {
            Some(Counts {
                active_staff: crate::staff::count_active(conn)?,
                sign_ins_today: count_action_since(conn, "staff.sign_in", since)?,
                failed_sign_ins_today: count_action_since(conn, "staff.sign_in_failed", since)?,
                changes_today: count_since(conn, since)?,
            })
        } else {
            None
        };
        // Within what the role may see: the whole log for its readers, the catalog's part
        // for everyone who reads the catalog.
        let filter = AuditFilter {
            kinds: if sees_audit {
                Vec::new()
            } else {
                CATALOG_RECORDS.to_vec()
            },
            without_sign_ins: true,
            ..AuditFilter::default()
        };
        let activity = if sees_audit || sees_catalog {
            recent_activity(conn, &shop, &filter, 10)?
        } else {
            Vec::new()
        };
        Ok((catalog, stock, counts, activity))
    })
    .await?;
    render(
        StatusCode::OK,
        &DashboardPage {
            shell,
            catalog,
            stock,
            counts,
            activity,
            sees_audit,
        },
    )
}

/// Midnight today in the shop's time zone, as a UTC timestamp.
fn start_of_today(shop: &crate::shop::Shop) -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().with_timezone(&shop.time_zone);
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|midnight| midnight.and_local_timezone(shop.time_zone).earliest())
        .map_or_else(
            || db::now() - Duration::hours(24),
            |local| local.naive_utc(),
        )
}
