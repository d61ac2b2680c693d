//! Note writes, each with its audit row in the same transaction: a note added, or edited on
//! the version the person saw (the old text kept in the audit row's "before").

use diesel::prelude::*;
use serde_json::json;

use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{customer_notes, customers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{CustomerId, NoteId};
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::shop::Shop;

/// A note as typed, checked: trimmed, not empty, at most 5,000 characters.
pub fn checked_body(text: &str) -> Result<String, String> {
    let body = text.trim();
    if body.is_empty() {
        return Err("Write the note first.".into());
    }
    if body.chars().count() > 5000 {
        return Err("Keep a note under 5,000 characters.".into());
    }
    if body
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err("Remove the control characters.".into());
    }
    Ok(body.to_owned())
}

pub fn add_note(
    conn: &mut DbConnection,
    actor: &Actor,
    customer: CustomerId,
    body: &str,
) -> Result<NoteId, AppError> {
    db::write(conn, |c| {
        let exists = diesel::select(diesel::dsl::exists(customers::table.find(customer)))
            .get_result::<bool>(c)?;
        if !exists {
            return Err(AppError::NotFound);
        }
        let id: NoteId = diesel::insert_into(customer_notes::table)
            .values((
                customer_notes::customer_id.eq(customer),
                customer_notes::body.eq(body),
                customer_notes::author.eq(&actor.label),
                customer_notes::created_at.eq(db::now()),
            ))
            .returning(customer_notes::id)
            .get_result(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(customer.to_string()),
                action: "customers.note_added",
                before: None,
                after: Some(json!({ "note": id, "body": body })),
            },
        )?;
        Ok(id)
    })
}

/// Changes a note's text on the version the person saw; a note saved since is stale.
pub fn edit_note(
    conn: &mut DbConnection,
    actor: &Actor,
    (customer, id): (CustomerId, NoteId),
    seen: i64,
    body: &str,
    shop: &Shop,
) -> Result<SaveResult<NoteId>, AppError> {
    db::write(conn, |c| {
        let note = queries::find(c, (customer, id))?.ok_or(AppError::NotFound)?;
        if note.body == body {
            return Ok(SaveResult::Saved(id));
        }
        let now = db::now();
        let changed = diesel::update(
            customer_notes::table
                .find(id)
                .filter(customer_notes::version.eq(seen)),
        )
        .set((
            customer_notes::body.eq(body),
            customer_notes::version.eq(seen + 1),
            customer_notes::edited_at.eq(Some(now)),
        ))
        .execute(c)?;
        if changed == 0 {
            let at = note.edited_at.unwrap_or(note.created_at);
            return Ok(SaveResult::Stale(crate::domain::problems::stale_message(
                "note",
                &note.author,
                &shop.time(&at),
            )));
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(customer.to_string()),
                action: "customers.note_edited",
                before: Some(json!({ "note": id, "body": note.body })),
                after: Some(json!({ "note": id, "body": body })),
            },
        )?;
        Ok(SaveResult::Saved(id))
    })
}
