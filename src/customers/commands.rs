//! Customer writes: the only writer of customers, their tags, consent history and search
//! entries, each save with its audit row in the same transaction (`records::save_record`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::models::{Customer, CustomerChanges};
use super::queries::{self, name_key};
use super::search;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{customer_consents, customer_tags, customers};
use crate::domain::ids::CustomerId;
use crate::domain::phone::Phone;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::records::{self, RecordWrite};
use crate::shop::Shop;

crate::record_table!(Customers: Customer, CustomerId, "customers" "customer", queries::find,
    |c| json!({
        "first_name": c.first_name, "last_name": c.last_name, "email": c.email,
        "phone": c.phone, "company": c.company, "note": c.note, "tags": c.tags,
        "accepts_email": c.accepts_email, "tax_exempt": c.tax_exempt, "language": c.language,
    })
);

/// Creates (`id` none) or changes a customer on the version the person saw. The email is
/// unique ignoring case; the phone is read into E.164 with the shop's country as the default.
pub fn save_customer(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<CustomerId>,
    valid: &CustomerChanges,
    shop: &Shop,
) -> Result<SaveResult<CustomerId>, AppError> {
    records::save_record::<Customers, _>(conn, actor, (id, valid.version), shop, |c, stored| {
        if stored.is_some_and(|s| s.erased_at.is_some()) {
            return Err(AppError::Conflict(
                "This customer's personal data was erased; the record can't be filled in again."
                    .into(),
            ));
        }
        let mut errors = FieldErrors::new();
        let mut checked = valid.clone();
        if let Some(email) = &valid.email {
            let holder = queries::holder_of_email(c, email)?;
            if holder.is_some_and(|other| Some(other) != id) {
                errors.add("email", "Another customer has this email address.");
            }
        }
        checked.phone = match valid.phone_typed.as_str() {
            "" => String::new(),
            typed => match Phone::parse(typed, shop.country) {
                Ok(phone) => phone.into_string(),
                Err(message) => {
                    errors.add("phone", message);
                    String::new()
                }
            },
        };
        Ok(errors.or_ok(checked))
    })
}

impl RecordWrite<Customers> for CustomerChanges {
    fn audited(&self) -> Value {
        json!(self)
    }

    fn write(
        &self,
        conn: &mut DbConnection,
        existing: Option<(CustomerId, i64)>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Option<CustomerId>> {
        let accepted_before = match existing {
            Some((id, _)) => customers::table
                .find(id)
                .select(customers::accepts_email)
                .first::<bool>(conn)
                .optional()?,
            None => None,
        };
        let contact = self.email.clone().unwrap_or_else(|| self.phone.clone());
        let values = (
            customers::first_name.eq(&self.first_name),
            customers::last_name.eq(&self.last_name),
            customers::name_key.eq(name_key(&self.first_name, &self.last_name, &contact)),
            customers::email.eq(&self.email),
            customers::email_key.eq(self.email.as_ref().map(|e| e.to_lowercase())),
            customers::email_match.eq(self.email.as_deref().map(crate::domain::email::match_key)),
            customers::phone.eq(&self.phone),
            customers::phone_display.eq(match self.phone.as_str() {
                "" => String::new(),
                e164 => crate::domain::phone::display(e164),
            }),
            customers::company.eq(&self.company),
            customers::note.eq(&self.note),
            customers::tags.eq(&self.tags),
            customers::accepts_email.eq(self.accepts_email),
            customers::tax_exempt.eq(self.tax_exempt),
            customers::language.eq(&self.language),
        );
        let Some(id) = crate::write_record!(conn, customers, existing, (by, at), values)? else {
            return Ok(None);
        };
        // Consent: a new customer who accepts, or a change either way, is a row of history.
        let changed = match accepted_before {
            Some(before) => before != self.accepts_email,
            None => self.accepts_email,
        };
        if changed {
            let source = match self.consent_source.trim() {
                "" => "Recorded by staff",
                source => source,
            };
            diesel::update(customers::table.find(id))
                .set((
                    customers::consent_at.eq(Some(at)),
                    customers::consent_source.eq(source),
                ))
                .execute(conn)?;
            diesel::insert_into(customer_consents::table)
                .values((
                    customer_consents::customer_id.eq(id),
                    customer_consents::accepts.eq(self.accepts_email),
                    customer_consents::source.eq(source),
                    customer_consents::recorded_by.eq(by),
                    customer_consents::created_at.eq(at),
                ))
                .execute(conn)?;
        }
        diesel::delete(customer_tags::table.filter(customer_tags::customer_id.eq(id)))
            .execute(conn)?;
        // One insert a tag: a batch insert does not go through the two-backend connection.
        for tag in self.tag_list() {
            diesel::insert_into(customer_tags::table)
                .values((
                    customer_tags::tag.eq(tag),
                    customer_tags::customer_id.eq(id),
                ))
                .execute(conn)?;
        }
        reindex(conn, id)?;
        Ok(Some(id))
    }
}

/// Rebuilds a customer's search entry from the row as stored.
pub fn reindex(conn: &mut DbConnection, id: CustomerId) -> QueryResult<()> {
    if let Some(customer) = queries::find(conn, id)? {
        search::index_customer(conn, &customer)?;
    }
    Ok(())
}
