//! Staff writes: the only writers of accounts. Creating one writes its audit row; replacing a
//! password, changing a role or deactivating ends that account's sessions; each writes its
//! audit row in the same transaction.

use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::sessions::revoke_all;
use crate::auth::{Actor, Role};
use crate::db::{self, DbConnection};
use crate::domain::ids::StaffId;
use crate::domain::problems::{FieldErrors, stale_message};
use crate::error::AppError;
use crate::shop::Shop;
use crate::staff::models::{NewStaff, Staff, StaffChanges, ValidStaffEdit};
use crate::staff::queries;

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
    Invalid(Staff, FieldErrors),
    Stale(Staff, String),
}

/// Saves name, role and status if nobody changed the account since the form was opened. The
/// last active owner cannot stop being one; a role change or deactivation ends the account's
/// sessions.
pub fn update_staff(
    conn: &mut DbConnection,
    actor: &Actor,
    id: StaffId,
    parsed: Result<ValidStaffEdit, FieldErrors>,
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
            let mut errors = FieldErrors::new();
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

/// Changes a person's own name and email. The email must stay unique (ignoring case). A change
/// that changes nothing writes nothing; otherwise one audit entry lists what changed.
pub fn update_profile(
    conn: &mut DbConnection,
    actor: &Actor,
    id: StaffId,
    name: &str,
    email: &crate::domain::email::Email,
) -> Result<Result<(), FieldErrors>, AppError> {
    use diesel::prelude::*;

    use crate::db::schema::staff;
    db::write(conn, |c| {
        let member = queries::find_by_id(c, id)?.ok_or(AppError::NotFound)?;
        let key = email.key();
        if key != member.email_key && queries::email_taken(c, &key)? {
            let mut errors = FieldErrors::new();
            errors.add("email", "Another staff account uses this email.");
            return Ok(Err(errors));
        }
        let before = serde_json::json!({ "name": member.name, "email": member.email });
        let after = serde_json::json!({ "name": name, "email": email.as_str() });
        let Some((before, after)) = audit::changed_fields(&before, &after) else {
            return Ok(Ok(()));
        };
        diesel::update(staff::table.find(id))
            .set((
                staff::name.eq(name),
                staff::email.eq(email.as_str()),
                staff::email_key.eq(&key),
                staff::version.eq(member.version + 1),
                staff::updated_at.eq(db::now()),
                staff::updated_by.eq(&actor.label),
            ))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "staff",
                entity_id: Some(id.to_string()),
                action: "staff.profile_updated",
                before: Some(before),
                after: Some(after),
            },
        )?;
        Ok(Ok(()))
    })
}
