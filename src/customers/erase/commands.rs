//! The erasure, in one transaction: the customer's personal data replaced by a placeholder,
//! their addresses, notes, consent rows, tags and search entry deleted, the audit rows about
//! them stripped of what they held, and one audit row saying who erased whom, when and why.
//! The row itself stays (orders will refer to it). On SQLite the deleted content is
//! overwritten (`secure_delete`, on for every connection), the search index rewritten without
//! it, and the write-ahead log checkpointed and truncated, so the text is not left in the
//! file's free pages or the log.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::customers::queries;
use crate::db::schema::{
    audit_log, customer_addresses, customer_consents, customer_notes, customer_tags, customers,
};
use crate::db::{self, DbConnection};
use crate::domain::ids::CustomerId;
use crate::error::AppError;

/// What the person must type to confirm: the customer's email (any case), or "ERASE" for a
/// customer without one.
pub fn confirmation_of(email: Option<&str>) -> String {
    email.map_or_else(|| "ERASE".to_owned(), str::to_lowercase)
}

pub fn erase_customer(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CustomerId,
    typed: &str,
    reason: &str,
) -> Result<(), AppError> {
    erase_in_transaction(conn, actor, id, typed, reason)?;
    if matches!(conn, DbConnection::Sqlite(_)) {
        // Every connection zeroes what it deletes (`secure_delete`, set when it opens); the
        // log's copies of the old pages go too (when no reader holds them).
        diesel::sql_query("PRAGMA wal_checkpoint(TRUNCATE)").execute(conn)?;
    }
    Ok(())
}

fn erase_in_transaction(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CustomerId,
    typed: &str,
    reason: &str,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let customer = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        if customer.erased_at.is_some() {
            return Err(AppError::Conflict(
                "This customer was erased already.".into(),
            ));
        }
        if typed.trim().to_lowercase() != confirmation_of(customer.email.as_deref()).to_lowercase()
        {
            return Err(AppError::Validation(
                "Type the customer's email address exactly to confirm the erasure.".into(),
            ));
        }
        let now = db::now();
        diesel::delete(customer_addresses::table.filter(customer_addresses::customer_id.eq(id)))
            .execute(c)?;
        diesel::delete(customer_notes::table.filter(customer_notes::customer_id.eq(id)))
            .execute(c)?;
        diesel::delete(customer_consents::table.filter(customer_consents::customer_id.eq(id)))
            .execute(c)?;
        diesel::delete(customer_tags::table.filter(customer_tags::customer_id.eq(id)))
            .execute(c)?;
        diesel::update(customers::table.find(id))
            .set((
                customers::first_name.eq("Erased"),
                customers::last_name.eq("customer"),
                customers::name_key.eq(format!("~erased {id}")),
                customers::email.eq(None::<String>),
                customers::email_key.eq(None::<String>),
                customers::email_match.eq(None::<String>),
                customers::phone.eq(""),
                customers::phone_display.eq(""),
                customers::company.eq(""),
                customers::note.eq(""),
                customers::tags.eq(""),
                customers::accepts_email.eq(false),
                customers::consent_at.eq(None::<chrono::NaiveDateTime>),
                customers::consent_source.eq(""),
                customers::language.eq(""),
                customers::country.eq(""),
                customers::city.eq(""),
                customers::default_shipping_id.eq(None::<i64>),
                customers::default_billing_id.eq(None::<i64>),
                customers::erased_at.eq(Some(now)),
                customers::erased_by.eq(&actor.label),
                customers::erasure_reason.eq(reason),
                customers::version.eq(customer.version + 1),
                customers::updated_by.eq(&actor.label),
                customers::updated_at.eq(now),
            ))
            .execute(c)?;
        // The audit rows about them keep what happened and when, not what they said.
        diesel::update(
            audit_log::table
                .filter(audit_log::entity_type.eq("customer"))
                .filter(audit_log::entity_id.eq(id.to_string())),
        )
        .set((
            audit_log::before_json.eq(None::<String>),
            audit_log::after_json.eq(Some(r#"{"erased":true}"#)),
        ))
        .execute(c)?;
        match c {
            DbConnection::Sqlite(sqlite) => {
                diesel::sql_query("DELETE FROM customer_search WHERE rowid = ?")
                    .bind::<diesel::sql_types::BigInt, _>(id)
                    .execute(sqlite)?;
                // FTS5 keeps a deleted row's words in its segments until they are merged.
                diesel::sql_query(
                    "INSERT INTO customer_search (customer_search) VALUES ('optimize')",
                )
                .execute(sqlite)?;
            }
            DbConnection::Pg(pg) => {
                diesel::sql_query("DELETE FROM customer_search WHERE customer_id = $1")
                    .bind::<diesel::sql_types::BigInt, _>(id)
                    .execute(pg)?;
            }
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(id.to_string()),
                action: "customers.erased",
                before: None,
                after: Some(json!({ "reason": reason })),
            },
        )?;
        Ok(())
    })
}
