//! Reading the audit log: newest first, keyset-paginated so page 1,000 costs what page 1 does.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use std::collections::HashMap;

use crate::db::schema::{
    audit_log, catalog_imports, categories, change_sets, locations, products, staff, variants,
};
use crate::db::{DbConnection, id_in};
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
    /// Entries at or after this UTC time.
    pub from: Option<NaiveDateTime>,
    /// Entries before this UTC time.
    pub until: Option<NaiveDateTime>,
    /// Only these record types (empty: any).
    pub kinds: Vec<&'static str>,
    /// Leave out sign-ins and sign-outs (the dashboard's activity is about the shop).
    pub without_sign_ins: bool,
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
    if !filter.kinds.is_empty() {
        query = query.filter(audit_log::entity_type.eq_any(filter.kinds.clone()));
    }
    if filter.without_sign_ins {
        query = query.filter(audit_log::action.not_like("staff.sign_%"));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(audit_log::at.lt(until));
    }
    query.load(conn)
}

/// The people who have entries, by name, for the filter menu.
pub fn people(conn: &mut DbConnection) -> QueryResult<Vec<(StaffId, String)>> {
    staff::table
        .select((staff::id, staff::name))
        .order(staff::name.asc())
        .load(conn)
}

/// Names for a page of entries: `(record type, id) → name`, and `staff id → name`.
pub type Names = (HashMap<(String, String), String>, HashMap<StaffId, String>);

/// The names of the records and people the given entries name, in one query per kind of
/// record (never one per entry): `(entity type, id) → name` and `staff id → name`.
pub fn names_for(conn: &mut DbConnection, rows: &[AuditRow]) -> QueryResult<Names> {
    let ids_of = |kind: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = rows
            .iter()
            .filter(|r| r.entity_type == kind)
            .filter_map(|r| r.entity_id.as_deref()?.parse().ok())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut records = HashMap::new();
    let mut keep = |kind: &str, found: Vec<(i64, String)>| {
        for (id, name) in found {
            records.insert((kind.to_owned(), id.to_string()), name);
        }
    };
    let wanted = ids_of("product");
    if !wanted.is_empty() {
        keep(
            "product",
            products::table
                .filter(id_in(products::id, &wanted))
                .select((products::id, products::title))
                .load::<(i64, String)>(conn)?,
        );
    }
    let wanted = ids_of("category");
    if !wanted.is_empty() {
        keep(
            "category",
            categories::table
                .filter(id_in(categories::id, &wanted))
                .select((categories::id, categories::name))
                .load::<(i64, String)>(conn)?,
        );
    }
    let wanted = ids_of("change_set");
    if !wanted.is_empty() {
        keep(
            "change_set",
            change_sets::table
                .filter(id_in(change_sets::id, &wanted))
                .select((change_sets::id, change_sets::summary))
                .load::<(i64, String)>(conn)?,
        );
    }
    let wanted = ids_of("import");
    if !wanted.is_empty() {
        keep(
            "import",
            catalog_imports::table
                .filter(id_in(catalog_imports::id, &wanted))
                .select((catalog_imports::id, catalog_imports::file_name))
                .load::<(i64, String)>(conn)?,
        );
    }
    let wanted = ids_of("location");
    if !wanted.is_empty() {
        keep(
            "location",
            locations::table
                .filter(id_in(locations::id, &wanted))
                .select((locations::id, locations::name))
                .load::<(i64, String)>(conn)?,
        );
    }
    let wanted = ids_of("variant");
    if !wanted.is_empty() {
        keep(
            "variant",
            variants::table
                .filter(id_in(variants::id, &wanted))
                .select((variants::id, variants::sku))
                .load::<(i64, String)>(conn)?,
        );
    }
    let mut staff_ids: Vec<i64> = rows
        .iter()
        .filter_map(|r| r.staff_id.map(StaffId::get))
        .collect();
    staff_ids.extend(ids_of("staff"));
    staff_ids.sort_unstable();
    staff_ids.dedup();
    let mut people = HashMap::new();
    if !staff_ids.is_empty() {
        let found: Vec<(StaffId, String)> = staff::table
            .filter(id_in(staff::id, &staff_ids))
            .select((staff::id, staff::name))
            .load(conn)?;
        for (id, name) in found {
            records.insert(("staff".to_owned(), id.to_string()), name.clone());
            people.insert(id, name);
        }
    }
    Ok((records, people))
}

/// Staff accounts' names by id: pages show people by name (their sign-in email only where
/// staff are managed), while the account exists.
pub fn people_named(
    conn: &mut DbConnection,
    ids: impl IntoIterator<Item = StaffId>,
) -> QueryResult<HashMap<StaffId, String>> {
    let mut ids: Vec<i64> = ids.into_iter().map(StaffId::get).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff::table
        .filter(id_in(staff::id, &ids))
        .select((staff::id, staff::name))
        .load::<(StaffId, String)>(conn)?
        .into_iter()
        .collect())
}

/// A person as a record's "last by" names them: the staff member's name when `label` is a
/// sign-in email (how writers label people), else the label as it is ("command line").
pub fn person_named(conn: &mut DbConnection, label: &str) -> QueryResult<String> {
    let name: Option<String> = staff::table
        .filter(staff::email_key.eq(label.to_lowercase()))
        .select(staff::name)
        .first(conn)
        .optional()?;
    Ok(name.unwrap_or_else(|| label.to_owned()))
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
