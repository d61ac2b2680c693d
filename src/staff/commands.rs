//! Staff writes: the only writers of accounts. Creating one writes its audit row; replacing a
//! password, changing a role or deactivating ends that account's sessions; each writes its
//! audit row in the same transaction.

use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::sessions::revoke_all;
use crate::auth::{Actor, Role};
use crate::db::{self, DbConnection};
use crate::domain::ids::StaffId;
use crate::error::AppError;
use crate::shop::Shop;
use crate::staff::models::{NewStaff, Staff, StaffChanges, ValidStaffEdit};
use crate::staff::queries;
use crate::web::forms::{FormErrors, stale_message};

/// Inserts an active account and records `staff.created`; returns its id.
pub fn create(
    conn: &mut DbConnection,
    actor: &Actor,
    email: &str,
    name: &str,
    role: Role,
    password_hash: &str,
) -> Result<StaffId, AppError> {
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
            updated_by: &actor.label,
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
    staff_id: StaffId,
    password_hash: &str,
    action: &'static str,
) -> Result<(), AppError> {
    queries::set_password_hash(conn, staff_id, password_hash, (&actor.label, db::now()))?;
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

/// What an edit of an account came to.
pub enum UpdateOutcome {
    Saved,
    Invalid(Staff, FormErrors),
    Stale(Staff, String),
}

/// Saves name, role and status if nobody changed the account since the form was opened. The
/// last active owner cannot stop being one; a role change or deactivation ends the account's
/// sessions.
pub fn update_staff(
    conn: &mut DbConnection,
    actor: &Actor,
    id: StaffId,
    parsed: Result<ValidStaffEdit, FormErrors>,
    shop: &Shop,
) -> Result<UpdateOutcome, AppError> {
    db::write(conn, |c| {
        let member = queries::find_by_id(c, id)?.ok_or(AppError::NotFound)?;
        let edit = match &parsed {
            Ok(edit) => edit.clone(),
            Err(errors) => return Ok(UpdateOutcome::Invalid(member, errors.clone())),
        };
        if edit.version != member.version {
            let message = stale_message(
                "account",
                &member.updated_by,
                &shop.time(&member.updated_at),
            );
            return Ok(UpdateOutcome::Stale(member, message));
        }
        let was_active_owner = member.active && member.role == Role::Owner;
        let stays_active_owner = edit.active && edit.role == Role::Owner;
        if was_active_owner && !stays_active_owner && queries::count_active_owners(c)? <= 1 {
            let mut errors = FormErrors::new();
            errors.add(
                "role",
                "This is the only active owner. Make someone else an owner first.",
            );
            return Ok(UpdateOutcome::Invalid(member, errors));
        }
        let before = member.audit_json();
        let changes = StaffChanges {
            name: &edit.name,
            role: edit.role,
            active: edit.active,
            updated_at: db::now(),
            updated_by: &actor.label,
        };
        if !queries::update_if_current(c, id, edit.version, &changes)? {
            return Err(AppError::Conflict(
                "This account was changed by someone else. Reload and try again.".into(),
            ));
        }
        if member.role != edit.role || member.active != edit.active {
            revoke_all(c, id)?;
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "staff",
                entity_id: Some(id.to_string()),
                action: "staff.updated",
                before: Some(before),
                after: Some(
                    serde_json::json!({ "email": member.email, "name": edit.name, "role": edit.role.as_str(), "active": edit.active }),
                ),
            },
        )?;
        Ok(UpdateOutcome::Saved)
    })
}
