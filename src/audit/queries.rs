//! Reading the audit log: newest first, keyset-paginated so page 1,000 costs what page 1 does.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::audit_log;
use crate::domain::ids::StaffId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub staff_id: Option<StaffId>,
    pub actor: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
    pub entity_type: String,
    pub entity_id: Option<String>,
    pub action: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

/// Filters of the audit list; every one optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub staff_id: Option<StaffId>,
    pub before_id: Option<i64>,
}

/// Up to `limit` entries older than `before_id`, newest first.
pub fn list(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    limit: i64,
) -> QueryResult<Vec<AuditRow>> {
    let mut query = audit_log::table
        .select(AuditRow::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_log::entity_type.eq(entity_type.clone()));
    }
    if let Some(entity_id) = &filter.entity_id {
        query = query.filter(audit_log::entity_id.eq(entity_id.clone()));
    }
    if let Some(staff_id) = filter.staff_id {
        query = query.filter(audit_log::staff_id.eq(staff_id));
    }
    if let Some(before_id) = filter.before_id {
        query = query.filter(audit_log::id.lt(before_id));
    }
    query.load(conn)
}

/// The entity types present, for the filter menu.
pub fn entity_types(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    audit_log::table
        .select(audit_log::entity_type)
        .distinct()
        .order(audit_log::entity_type.asc())
        .load(conn)
}

pub fn count_since(conn: &mut DbConnection, since: NaiveDateTime) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::at.gt(since))
        .count()
        .get_result(conn)
}

pub fn count_action_since(
    conn: &mut DbConnection,
    action: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .filter(audit_log::at.gt(since))
        .count()
        .get_result(conn)
}
