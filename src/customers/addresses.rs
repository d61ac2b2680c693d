//! Address writes: a customer's addresses added, changed and removed, each a change of the
//! customer (its version moves on, so an edit on an older page is stale), with its audit row
//! in the same transaction. The default shipping address gives the customer's country and
//! city, which the list filters and searches.

use diesel::prelude::*;
use serde_json::json;

use super::commands::reindex;
use super::models::{Address, AddressChanges, Customer};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{customer_addresses, customers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{AddressId, CustomerId};
use crate::domain::phone::Phone;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::shop::Shop;

/// Claims the customer on the version the person saw (its version moves on), or says who
/// changed it since.
fn claim(
    c: &mut DbConnection,
    actor: &Actor,
    customer: &Customer,
    seen: Option<i64>,
    shop: &Shop,
) -> Result<Option<String>, AppError> {
    if let Some(stale) = shop.stale_edit("customer", Some(customer), seen) {
        return Ok(Some(stale));
    }
    let claimed = diesel::update(
        customers::table
            .find(customer.id)
            .filter(customers::version.eq(customer.version)),
    )
    .set((
        customers::version.eq(customer.version + 1),
        customers::updated_by.eq(&actor.label),
        customers::updated_at.eq(db::now()),
    ))
    .execute(c)?;
    if claimed == 0 {
        let stored = queries::find(c, customer.id)?.ok_or(AppError::NotFound)?;
        return Ok(Some(
            shop.stale_edit("customer", Some(&stored), Some(customer.version))
                .unwrap_or_default(),
        ));
    }
    Ok(None)
}

/// Sets the defaults an address asks for (the first address is both), and the customer's
/// country and city from the default shipping address.
fn settle_defaults(
    c: &mut DbConnection,
    id: CustomerId,
    address: Option<(AddressId, bool, bool)>,
) -> Result<(), AppError> {
    let customer = queries::find(c, id)?.ok_or(AppError::NotFound)?;
    let addresses = queries::addresses_of(c, id)?;
    let exists = |a: Option<AddressId>| a.filter(|a| addresses.iter().any(|x| x.id == *a));
    let mut shipping = exists(customer.default_shipping_id);
    let mut billing = exists(customer.default_billing_id);
    if let Some((address, to_shipping, to_billing)) = address {
        if to_shipping || shipping.is_none() {
            shipping = Some(address);
        }
        if to_billing || billing.is_none() {
            billing = Some(address);
        }
    }
    let first = addresses.first().map(|a| a.id);
    let shipping = shipping.or(first);
    let billing = billing.or(first);
    let place = shipping
        .and_then(|s| addresses.iter().find(|a| a.id == s))
        .map(|a| (a.country.clone(), a.city.clone()))
        .unwrap_or_default();
    diesel::update(customers::table.find(id))
        .set((
            customers::default_shipping_id.eq(shipping),
            customers::default_billing_id.eq(billing),
            customers::country.eq(place.0),
            customers::city.eq(place.1),
        ))
        .execute(c)?;
    reindex(c, id)?;
    Ok(())
}

/// An address's fields for the audit row: name, company, line1, line2, city, region,
/// postcode, country, phone.
fn described(fields: [&str; 9]) -> serde_json::Value {
    const KEYS: [&str; 9] = [
        "name", "company", "line1", "line2", "city", "region", "postcode", "country", "phone",
    ];
    KEYS.iter()
        .zip(fields)
        .map(|(key, value)| ((*key).to_owned(), json!(value)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

fn stored_fields(a: &Address) -> [&str; 9] {
    [
        &a.name,
        &a.company,
        &a.line1,
        &a.line2,
        &a.city,
        &a.region,
        &a.postcode,
        &a.country,
        &a.phone,
    ]
}

/// Adds an address (`address` none) or changes one, on the customer's version the person saw.
pub fn save_address(
    conn: &mut DbConnection,
    actor: &Actor,
    (customer_id, address_id): (CustomerId, Option<AddressId>),
    seen: Option<i64>,
    valid: &AddressChanges,
    shop: &Shop,
) -> Result<SaveResult<AddressId>, AppError> {
    db::write(conn, |c| {
        let customer = queries::find(c, customer_id)?.ok_or(AppError::NotFound)?;
        let before = match address_id {
            Some(id) => Some(
                queries::addresses_of(c, customer_id)?
                    .into_iter()
                    .find(|a| a.id == id)
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        if let Some(stale) = claim(c, actor, &customer, seen, shop)? {
            return Ok(SaveResult::Stale(stale));
        }
        let mut checked = valid.clone();
        if !valid.phone_typed.is_empty() {
            match Phone::parse(&valid.phone_typed, Some(&valid.country)) {
                Ok(phone) => checked.phone = phone.into_string(),
                Err(message) => {
                    let mut errors = FieldErrors::new();
                    errors.add("phone", message);
                    return Ok(SaveResult::Invalid(errors));
                }
            }
        }
        let values = (
            customer_addresses::name.eq(&checked.name),
            customer_addresses::company.eq(&checked.company),
            customer_addresses::line1.eq(&checked.line1),
            customer_addresses::line2.eq(&checked.line2),
            customer_addresses::city.eq(&checked.city),
            customer_addresses::region.eq(&checked.region),
            customer_addresses::postcode.eq(&checked.postcode),
            customer_addresses::country.eq(&checked.country),
            customer_addresses::phone.eq(&checked.phone),
        );
        let id = match address_id {
            Some(id) => {
                diesel::update(customer_addresses::table.find(id))
                    .set(values)
                    .execute(c)?;
                id
            }
            None => diesel::insert_into(customer_addresses::table)
                .values((
                    values,
                    customer_addresses::customer_id.eq(customer_id),
                    customer_addresses::created_at.eq(db::now()),
                ))
                .returning(customer_addresses::id)
                .get_result(c)?,
        };
        settle_defaults(
            c,
            customer_id,
            Some((id, checked.default_shipping, checked.default_billing)),
        )?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(customer_id.to_string()),
                action: if before.is_some() {
                    "customers.address_updated"
                } else {
                    "customers.address_added"
                },
                before: before.as_ref().map(|a| described(stored_fields(a))),
                after: Some(described([
                    &checked.name,
                    &checked.company,
                    &checked.line1,
                    &checked.line2,
                    &checked.city,
                    &checked.region,
                    &checked.postcode,
                    &checked.country,
                    &checked.phone,
                ])),
            },
        )?;
        Ok(SaveResult::Saved(id))
    })
}

/// Removes an address; another becomes the default where it was one.
pub fn remove_address(
    conn: &mut DbConnection,
    actor: &Actor,
    (customer_id, address_id): (CustomerId, AddressId),
    seen: Option<i64>,
    shop: &Shop,
) -> Result<SaveResult<()>, AppError> {
    db::write(conn, |c| {
        let customer = queries::find(c, customer_id)?.ok_or(AppError::NotFound)?;
        let address = queries::addresses_of(c, customer_id)?
            .into_iter()
            .find(|a| a.id == address_id)
            .ok_or(AppError::NotFound)?;
        if let Some(stale) = claim(c, actor, &customer, seen, shop)? {
            return Ok(SaveResult::Stale(stale));
        }
        diesel::delete(customer_addresses::table.find(address_id)).execute(c)?;
        settle_defaults(c, customer_id, None)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "customer",
                entity_id: Some(customer_id.to_string()),
                action: "customers.address_removed",
                before: Some(described(stored_fields(&address))),
                after: None,
            },
        )?;
        Ok(SaveResult::Saved(()))
    })
}
