//! Customer reads: one customer, a page of the list, its count, and the menus.

use chrono::{NaiveDateTime, NaiveTime};
use diesel::prelude::*;

use super::filter::{CustomerFilter, CustomerSort};
use super::models::{Address, Consent, Customer, CustomerListRow};
use super::search;
use crate::db::schema::{customer_addresses, customer_consents, customer_tags, customers};
use crate::db::{DbBackend, DbConnection};
use crate::domain::ids::CustomerId;
use crate::web::pagination::{Cursor, finish_page};

pub fn find(conn: &mut DbConnection, id: CustomerId) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id)
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer holding an email (ignoring case), if any.
pub fn holder_of_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<CustomerId>> {
    customers::table
        .filter(customers::email_key.eq(email.to_lowercase()))
        .select(customers::id)
        .first(conn)
        .optional()
}

type Boxed<'a> = customers::BoxedQuery<'a, DbBackend>;

/// The customers table narrowed by `filter`: every condition an indexed one.
pub fn filtered<'a>(conn: &DbConnection, filter: &CustomerFilter) -> Boxed<'a> {
    let mut query = customers::table.into_boxed::<DbBackend>();
    if let Some(matches) = search::condition(conn.backend(), &filter.q) {
        query = query.filter(matches);
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            customers::id.eq_any(
                customer_tags::table
                    .filter(customer_tags::tag.eq(tag.clone()))
                    .select(customer_tags::customer_id),
            ),
        );
    }
    if let Some(consent) = filter.consent {
        query = query.filter(customers::accepts_email.eq(consent));
    }
    if let Some(country) = &filter.country {
        query = query.filter(customers::country.eq(country.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(customers::created_at.ge(from.and_time(NaiveTime::MIN)));
    }
    if let Some(until) = filter.until.and_then(|d| d.succ_opt()) {
        query = query.filter(customers::created_at.lt(until.and_time(NaiveTime::MIN)));
    }
    query
}

/// One page of the list in `sort` from `cursor`, and whether more lie beyond it.
pub fn page(
    conn: &mut DbConnection,
    filter: &CustomerFilter,
    sort: CustomerSort,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<CustomerListRow>, bool)> {
    let query = filtered(conn, filter).select(CustomerListRow::as_select());
    let time = |text: &str| NaiveDateTime::parse_from_str(text, TIME_FORMAT).ok();
    let query = match sort {
        CustomerSort::Name => crate::keyset!(
            query,
            customers::name_key,
            customers::id,
            true,
            cursor,
            |text: &str| Some(text.to_owned())
        ),
        CustomerSort::Newest => {
            crate::keyset!(
                query,
                customers::created_at,
                customers::id,
                false,
                cursor,
                time
            )
        }
        CustomerSort::Oldest => {
            crate::keyset!(
                query,
                customers::created_at,
                customers::id,
                true,
                cursor,
                time
            )
        }
        CustomerSort::Updated => {
            crate::keyset!(
                query,
                customers::updated_at,
                customers::id,
                false,
                cursor,
                time
            )
        }
    };
    let rows = query.limit(size + 1).load(conn)?;
    Ok(finish_page(rows, size, cursor))
}

/// Counting stops here ("1,000+"): the list's count must not cost more as the shop grows.
pub const COUNT_CAP: i64 = 1000;

/// How many customers match, up to [`COUNT_CAP`] + 1.
pub fn count(conn: &mut DbConnection, filter: &CustomerFilter) -> QueryResult<i64> {
    let ids: Vec<CustomerId> = filtered(conn, filter)
        .select(customers::id)
        .limit(COUNT_CAP + 1)
        .load(conn)?;
    Ok(ids.len() as i64)
}

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// The cursor of a row in `sort`.
pub fn cursor_of(customer: &CustomerListRow, sort: CustomerSort) -> String {
    let value = match sort {
        CustomerSort::Name => customer.name_key.clone(),
        CustomerSort::Newest | CustomerSort::Oldest => {
            customer.created_at.format(TIME_FORMAT).to_string()
        }
        CustomerSort::Updated => customer.updated_at.format(TIME_FORMAT).to_string(),
    };
    Cursor::encode(&value, customer.id.get())
}

/// The list's name order: "last first", lower-cased; a customer without a name sorts by
/// their email (or phone).
pub fn name_key(first: &str, last: &str, contact: &str) -> String {
    let name = format!("{} {}", last.trim(), first.trim());
    match name.trim() {
        "" => contact.trim().to_lowercase(),
        name => name.to_lowercase(),
    }
}

pub fn addresses_of(conn: &mut DbConnection, id: CustomerId) -> QueryResult<Vec<Address>> {
    customer_addresses::table
        .filter(customer_addresses::customer_id.eq(id))
        .order(customer_addresses::id.asc())
        .select(Address::as_select())
        .load(conn)
}

pub fn consents_of(conn: &mut DbConnection, id: CustomerId) -> QueryResult<Vec<Consent>> {
    customer_consents::table
        .filter(customer_consents::customer_id.eq(id))
        .order(customer_consents::id.desc())
        .select(Consent::as_select())
        .load(conn)
}

/// The tags in use, with how many customers carry each, most used first (the filter menu).
pub fn tags_in_use(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    customer_tags::table
        .group_by(customer_tags::tag)
        .select((customer_tags::tag, diesel::dsl::count_star()))
        .order((diesel::dsl::count_star().desc(), customer_tags::tag.asc()))
        .limit(200)
        .load(conn)
}

/// The countries customers are in (their default shipping address), for the filter menu.
pub fn countries_in_use(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    customers::table
        .filter(customers::country.ne(""))
        .select(customers::country)
        .distinct()
        .order(customers::country.asc())
        .load(conn)
}
