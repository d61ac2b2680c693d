//! Recent activity in words, for the dashboard: "Ana changed the price of Linen Shirt".

use super::describe;
use super::queries::{self, AuditFilter};
use super::views::AuditEntry;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::shop::{Shop, When};

/// One line of recent activity.
pub struct Activity {
    pub sentence: String,
    pub when: When,
    /// The record's page, while it exists.
    pub url: Option<String>,
}

/// The newest `limit` entries the filter allows, as sentences.
pub fn recent_activity(
    conn: &mut DbConnection,
    shop: &Shop,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<Activity>, AppError> {
    let rows = queries::list(conn, filter, limit)?;
    let names = queries::names_for(conn, &rows)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let entry = AuditEntry::new(row, &names, shop);
            Activity {
                sentence: describe::sentence(
                    &entry.who,
                    &entry.action,
                    &entry.record_label,
                    &entry.changes,
                ),
                when: entry.when,
                url: entry.record_url,
            }
        })
        .collect())
}
