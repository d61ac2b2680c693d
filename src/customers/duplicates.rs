//! Possible duplicates: customers who share an email mailbox (ignoring case, and the dots
//! and `+suffix` Gmail ignores), a phone number, or a name and the postcode of their default
//! shipping address. Each is a grouped, indexed read; the page points merchants to them.

use std::collections::HashMap;

use diesel::dsl::count_star;
use diesel::prelude::*;

use super::models::CustomerListRow;
use crate::db::DbConnection;
use crate::db::schema::{customer_addresses, customers};
use crate::domain::ids::CustomerId;

diesel::allow_columns_to_appear_in_same_group_by_clause!(
    customers::name_key,
    customer_addresses::postcode,
);

/// Groups listed per reason, at most.
const GROUPS: i64 = 100;

pub struct DuplicateGroup {
    /// Why they look alike: "Same email", "Same phone", "Same name and postcode".
    pub reason: &'static str,
    /// What they share, as shown ("adal@gmail.com", "+44 20 7946 0958", "lovelace ada, BS1 4QA").
    pub shared: String,
    pub customers: Vec<CustomerListRow>,
}

fn rows_by_id(
    conn: &mut DbConnection,
    ids: Vec<CustomerId>,
) -> QueryResult<HashMap<CustomerId, CustomerListRow>> {
    Ok(customers::table
        .filter(customers::id.eq_any(ids))
        .select(CustomerListRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|row| (row.id, row))
        .collect())
}

/// Turns (key, customer) pairs into groups of two or more, in key order.
fn grouped(
    conn: &mut DbConnection,
    reason: &'static str,
    mut pairs: Vec<(String, CustomerId)>,
) -> QueryResult<Vec<DuplicateGroup>> {
    pairs.sort();
    let mut rows = rows_by_id(conn, pairs.iter().map(|(_, id)| *id).collect())?;
    let mut groups: Vec<DuplicateGroup> = Vec::new();
    for (key, id) in pairs {
        let Some(row) = rows.remove(&id) else {
            continue;
        };
        match groups.last_mut() {
            Some(group) if group.shared == key => group.customers.push(row),
            _ => groups.push(DuplicateGroup {
                reason,
                shared: key,
                customers: vec![row],
            }),
        }
    }
    groups.retain(|g| g.customers.len() > 1);
    Ok(groups)
}

pub fn possible_duplicates(conn: &mut DbConnection) -> QueryResult<Vec<DuplicateGroup>> {
    let emails: Vec<String> = customers::table
        .filter(customers::email_match.is_not_null())
        .group_by(customers::email_match)
        .having(count_star().gt(1))
        .select(customers::email_match.assume_not_null())
        .limit(GROUPS)
        .load(conn)?;
    let by_email: Vec<(String, CustomerId)> = customers::table
        .filter(customers::email_match.eq_any(&emails))
        .select((customers::email_match.assume_not_null(), customers::id))
        .load(conn)?;
    let phones: Vec<String> = customers::table
        .filter(customers::phone.ne(""))
        .group_by(customers::phone)
        .having(count_star().gt(1))
        .select(customers::phone)
        .limit(GROUPS)
        .load(conn)?;
    let by_phone: Vec<(String, String, CustomerId)> = customers::table
        .filter(customers::phone.eq_any(&phones))
        .select((customers::phone, customers::phone_display, customers::id))
        .load(conn)?;
    let shipping = customer_addresses::table
        .on(customers::default_shipping_id.eq(customer_addresses::id.nullable()));
    let places: Vec<(String, String)> = customers::table
        .inner_join(shipping)
        .filter(customers::name_key.ne(""))
        .filter(customer_addresses::postcode.ne(""))
        .group_by((customers::name_key, customer_addresses::postcode))
        .having(count_star().gt(1))
        .select((customers::name_key, customer_addresses::postcode))
        .limit(GROUPS)
        .load(conn)?;
    let names: Vec<String> = places.iter().map(|(name, _)| name.clone()).collect();
    let by_place: Vec<(String, String, CustomerId)> = customers::table
        .inner_join(shipping)
        .filter(customers::name_key.eq_any(&names))
        .select((
            customers::name_key,
            customer_addresses::postcode,
            customers::id,
        ))
        .load(conn)?;
    let mut groups = grouped(conn, "Same email", by_email)?;
    groups.extend(grouped(
        conn,
        "Same phone",
        by_phone
            .into_iter()
            .map(|(_, display, id)| (display, id))
            .collect(),
    )?);
    groups.extend(grouped(
        conn,
        "Same name and postcode",
        by_place
            .into_iter()
            .filter(|(name, postcode, _)| places.contains(&(name.clone(), postcode.clone())))
            .map(|(name, postcode, id)| (format!("{name}, {postcode}"), id))
            .collect(),
    )?);
    Ok(groups)
}
