//! Account writes that always go together. Creating an account writes its audit row; replacing
//! a password ends that account's sessions and writes an audit row. Both run inside the
//! caller's write transaction.

use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::auth::Role;
use crate::auth::sessions::revoke_all;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::staff::models::NewStaff;
use crate::staff::queries;

/// Inserts an active account and records `staff.created`; returns its id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<i64, AppError> {
    let now = db::now();
    let email_key = email.to_lowercase();
    let id = queries::insert(
        conn,
        &NewStaff {
            email,
            email_key: &email_key,
            name,
            role,
            password_hash,
            active: true,
            version: 1,
            created_at: now,
            updated_at: now,
        },
    )?;
    audit::record(
        conn,
        actor,
        Entry {
            entity_type: "staff",
            entity_id: Some(id.to_string()),
            action: "staff.created",
            before: None,
            after: Some(
                json!({ "email": email, "name": name, "role": role.as_str(), "active": true }),
            ),
        },
    )?;
    Ok(id)
}

/// Sets a new password hash, ends every session of the account and records `action`
/// (`staff.password_changed` by the person, `staff.password_reset` by someone else).
pub fn replace_password(
    conn: &mut DbConnection,
    actor: &Actor,
    staff_id: i64,
    password_hash: &str,
    action: &'static str,
) -> Result<(), AppError> {
    queries::set_password_hash(conn, staff_id, password_hash, db::now())?;
    revoke_all(conn, staff_id)?;
    audit::record(
        conn,
        actor,
        Entry {
            entity_type: "staff",
            entity_id: Some(staff_id.to_string()),
            action,
            before: None,
            after: None,
        },
    )
}
