//! Staff queries. Plain functions over a connection; callers own the transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::Role;
use crate::db::DbConnection;
use crate::db::schema::staff;
use crate::domain::ids::StaffId;
use crate::staff::models::{NewStaff, Staff, StaffChanges};

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    staff::table.count().get_result(conn)
}

pub fn count_active(conn: &mut DbConnection) -> QueryResult<i64> {
    staff::table
        .filter(staff::active.eq(true))
        .count()
        .get_result(conn)
}

pub fn count_active_owners(conn: &mut DbConnection) -> QueryResult<i64> {
    staff::table
        .filter(staff::active.eq(true))
        .filter(staff::role.eq(Role::Owner))
        .count()
        .get_result(conn)
}

pub fn find_by_id(conn: &mut DbConnection, id: StaffId) -> QueryResult<Option<Staff>> {
    staff::table
        .find(id)
        .select(Staff::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email_key(conn: &mut DbConnection, email_key: &str) -> QueryResult<Option<Staff>> {
    staff::table
        .filter(staff::email_key.eq(email_key))
        .select(Staff::as_select())
        .first(conn)
        .optional()
}

pub fn email_taken(conn: &mut DbConnection, email_key: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        staff::table.filter(staff::email_key.eq(email_key)),
    ))
    .get_result(conn)
}

pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<Staff>> {
    staff::table
        .select(Staff::as_select())
        .order((staff::active.desc(), staff::name.asc(), staff::id.asc()))
        .load(conn)
}

pub fn insert(conn: &mut DbConnection, new: &NewStaff<'_>) -> QueryResult<StaffId> {
    diesel::insert_into(staff::table)
        .values(new)
        .returning(staff::id)
        .get_result(conn)
}

/// Applies an edit if nobody saved the row since `expected_version`; returns whether it did.
pub fn update_if_current(
    conn: &mut DbConnection,
    id: StaffId,
    expected_version: i64,
    changes: &StaffChanges<'_>,
) -> QueryResult<bool> {
    let updated = diesel::update(
        staff::table
            .filter(staff::id.eq(id))
            .filter(staff::version.eq(expected_version)),
    )
    .set((changes, staff::version.eq(staff::version + 1)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Replaces the password hash; `by` is who did (the person, someone else, the command line).
pub fn set_password_hash(
    conn: &mut DbConnection,
    id: StaffId,
    hash: &str,
    (by, now): (&str, NaiveDateTime),
) -> QueryResult<usize> {
    diesel::update(staff::table.find(id))
        .set((
            staff::password_hash.eq(hash),
            staff::updated_at.eq(now),
            staff::updated_by.eq(by),
            staff::version.eq(staff::version + 1),
        ))
        .execute(conn)
}

pub fn record_sign_in(
    conn: &mut DbConnection,
    id: StaffId,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(staff::table.find(id))
        .set(staff::last_sign_in_at.eq(now))
        .execute(conn)
}
