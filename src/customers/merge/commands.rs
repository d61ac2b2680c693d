//! The merge, in one transaction: both customers on the versions the person saw, the values
//! chosen, the other's addresses, notes and consent rows moved, tags joined, the other
//! removed (with its search entry), the kept one saved and reindexed, one audit row.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::customers::commands::reindex;
use crate::customers::models::{Customer, tag_list};
use crate::customers::queries::{self, name_key};
use crate::db::schema::{
    customer_addresses, customer_consents, customer_notes, customer_tags, customers,
};
use crate::db::{self, DbConnection};
use crate::domain::ids::CustomerId;
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::shop::Shop;

/// The fields a merge chooses, each from the kept customer (`false`) or the other (`true`).
pub const FIELDS: [&str; 9] = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "company",
    "note",
    "language",
    "tax_exempt",
    "accepts_email",
];

/// Which of the two each field is taken from.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Field names whose value comes from the other customer.
    pub from_other: Vec<String>,
}

impl Choices {
    fn other(&self, field: &str) -> bool {
        self.from_other.iter().any(|f| f == field)
    }
}

fn audited(c: &Customer) -> serde_json::Value {
    json!({
        "id": c.id, "first_name": c.first_name, "last_name": c.last_name, "email": c.email,
        "phone": c.phone, "company": c.company, "note": c.note, "tags": c.tags,
        "language": c.language, "tax_exempt": c.tax_exempt, "accepts_email": c.accepts_email,
    })
}

/// Merges `other` into `kept` on the versions seen.
pub fn merge_customers(
    conn: &mut DbConnection,
    actor: &Actor,
    (kept, other): (CustomerId, CustomerId),
    (kept_seen, other_seen): (i64, i64),
    choices: &Choices,
    shop: &Shop,
) -> Result<SaveResult<CustomerId>, AppError> {
    if kept == other {
        return Err(AppError::Validation(
            "Choose two different customers.".into(),
        ));
    }
    db::write(conn, |c| {
        let a = queries::find(c, kept)?.ok_or(AppError::NotFound)?;
        let b = queries::find(c, other)?.ok_or(AppError::NotFound)?;
        for (customer, seen) in [(&a, kept_seen), (&b, other_seen)] {
            if let Some(stale) = shop.stale_edit("customer", Some(customer), Some(seen)) {
                return Ok(SaveResult::Stale(stale));
            }
        }
        let pick = |field: &str, mine: String, theirs: String| {
            if choices.other(field) { theirs } else { mine }
        };
        let first_name = pick("first_name", a.first_name.clone(), b.first_name.clone());
        let last_name = pick("last_name", a.last_name.clone(), b.last_name.clone());
        let email = if choices.other("email") {
            b.email.clone()
        } else {
            a.email.clone()
        };
        let (phone, phone_display) = if choices.other("phone") {
            (b.phone.clone(), b.phone_display.clone())
        } else {
            (a.phone.clone(), a.phone_display.clone())
        };
        if email.is_none() && phone.is_empty() {
            return Err(AppError::Validation(
                "Keep an email address or a phone number: the merged customer needs one.".into(),
            ));
        }
        let company = pick("company", a.company.clone(), b.company.clone());
        let note = pick("note", a.note.clone(), b.note.clone());
        let language = pick("language", a.language.clone(), b.language.clone());
        let tax_exempt = if choices.other("tax_exempt") {
            b.tax_exempt
        } else {
            a.tax_exempt
        };
        let accepts = if choices.other("accepts_email") {
            b.accepts_email
        } else {
            a.accepts_email
        };
        let mut tags = tag_list(&a.tags);
        for tag in tag_list(&b.tags) {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        // What belonged to the other now belongs to the kept one.
        diesel::update(customer_addresses::table.filter(customer_addresses::customer_id.eq(other)))
            .set(customer_addresses::customer_id.eq(kept))
            .execute(c)?;
        diesel::update(customer_notes::table.filter(customer_notes::customer_id.eq(other)))
            .set(customer_notes::customer_id.eq(kept))
            .execute(c)?;
        diesel::update(customer_consents::table.filter(customer_consents::customer_id.eq(other)))
            .set(customer_consents::customer_id.eq(kept))
            .execute(c)?;
        diesel::delete(
            customer_tags::table.filter(customer_tags::customer_id.eq_any([kept, other])),
        )
        .execute(c)?;
        if let DbConnection::Sqlite(sqlite) = c {
            diesel::sql_query("DELETE FROM customer_search WHERE rowid = ?")
                .bind::<diesel::sql_types::BigInt, _>(other)
                .execute(sqlite)?;
        }
        // The other goes first, so that the kept one may take its email.
        diesel::delete(customers::table.find(other)).execute(c)?;
        let contact = email.clone().unwrap_or_else(|| phone.clone());
        diesel::update(customers::table.find(kept))
            .set((
                customers::first_name.eq(&first_name),
                customers::last_name.eq(&last_name),
                customers::name_key.eq(name_key(&first_name, &last_name, &contact)),
                customers::email.eq(&email),
                customers::email_key.eq(email.as_ref().map(|e| e.to_lowercase())),
                customers::email_match.eq(email.as_deref().map(crate::domain::email::match_key)),
                customers::phone.eq(&phone),
                customers::phone_display.eq(&phone_display),
                customers::company.eq(&company),
                customers::note.eq(&note),
                customers::tags.eq(tags.join(", ")),
                customers::language.eq(&language),
                customers::tax_exempt.eq(tax_exempt),
                customers::accepts_email.eq(accepts),
                customers::default_shipping_id.eq(a.default_shipping_id.or(b.default_shipping_id)),
                customers::default_billing_id.eq(a.default_billing_id.or(b.default_billing_id)),
                customers::created_at.eq(a.created_at.min(b.created_at)),
                customers::version.eq(a.version + 1),
                customers::updated_by.eq(&actor.label),
                customers::updated_at.eq(db::now()),
            ))
            .execute(c)?;
        if a.default_shipping_id.is_none() {
            diesel::update(customers::table.find(kept))
                .set((
                    customers::country.eq(&b.country),
                    customers::city.eq(&b.city),
                ))
                .execute(c)?;
        }
        for tag in &tags {
            diesel::insert_into(customer_tags::table)
                .values((
                    customer_tags::tag.eq(tag),
                    customer_tags::customer_id.eq(kept),
                ))
                .execute(c)?;
        }
        reindex(c, kept)?;
        let merged = queries::find(c, kept)?.ok_or(AppError::NotFound)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(kept.to_string()),
                action: "customers.merged",
                before: Some(json!({ "kept": audited(&a), "removed": audited(&b) })),
                after: Some(audited(&merged)),
            },
        )?;
        Ok(SaveResult::Saved(kept))
    })
}
