//! Writing the audit trail.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::audit_log;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// One audited change.
pub struct Entry<'a> {
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, actor: &Actor, entry: Entry<'_>) -> Result<(), AppError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(db::now()),
            audit_log::staff_id.eq(actor.staff_id),
            audit_log::actor.eq(&actor.label),
            audit_log::ip.eq(&actor.ip),
            audit_log::request_id.eq(&actor.request_id),
            audit_log::entity_type.eq(entry.entity_type),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::action.eq(entry.action),
            audit_log::before_json.eq(entry.before.map(|v| v.to_string())),
            audit_log::after_json.eq(entry.after.map(|v| v.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}
