//! The customer search index, one entry per customer over name, email, phone, company, city and
//! tags: SQLite's FTS5 table with prefix indexes, PostgreSQL's lower-cased document with a
//! trigram index, as the catalog's. A search is an indexed sub-select of customer ids, never a
//! `LIKE '%…%'` scan of the customers table.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use super::models::Customer;
use crate::db::schema::customers;
use crate::db::search::{fts_query, terms};
use crate::db::{Backend, DbBackend, DbConnection};

/// Rebuilds a customer's entry (inside the caller's transaction).
pub fn index_customer(conn: &mut DbConnection, customer: &Customer) -> QueryResult<()> {
    let name = customer.name();
    let email = customer.email.clone().unwrap_or_default();
    let phone = match customer.phone.as_str() {
        "" => String::new(),
        e164 => crate::domain::phone::search_words(e164),
    };
    let id = customer.id;
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("DELETE FROM customer_search WHERE rowid = ?")
                .bind::<BigInt, _>(id)
                .execute(c)?;
            diesel::sql_query(
                "INSERT INTO customer_search (rowid, name, email, phone, company, city, tags) \
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&name)
            .bind::<Text, _>(&email)
            .bind::<Text, _>(&phone)
            .bind::<Text, _>(&customer.company)
            .bind::<Text, _>(&customer.city)
            .bind::<Text, _>(&customer.tags)
            .execute(c)?;
        }
        DbConnection::Pg(c) => {
            let document = format!(
                "{name} {email} {phone} {} {} {}",
                customer.company, customer.city, customer.tags
            )
            .to_lowercase();
            diesel::sql_query(
                "INSERT INTO customer_search (customer_id, document) VALUES ($1, $2) \
                 ON CONFLICT (customer_id) DO UPDATE SET document = EXCLUDED.document",
            )
            .bind::<BigInt, _>(id)
            .bind::<Text, _>(&document)
            .execute(c)?;
        }
    }
    Ok(())
}

/// Merges the FTS5 index's segments after a bulk write (demo data); a no-op on PostgreSQL.
pub fn tidy(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        diesel::sql_query("INSERT INTO customer_search (customer_search) VALUES ('optimize')")
            .execute(c)?;
    }
    Ok(())
}

mod pg {
    use crate::db::schema::customers;

    diesel::table! {
        customer_search (customer_id) {
            customer_id -> BigInt,
            document -> Text,
        }
    }

    diesel::allow_tables_to_appear_in_same_query!(customer_search, customers);
}

/// A boolean condition on the customers table.
pub type CustomerCondition =
    Box<dyn BoxableExpression<customers::table, DbBackend, SqlType = Bool>>;

/// "customers.id is among the matches of `query`" (every term, as a word prefix on SQLite and
/// a substring on PostgreSQL), or none for an empty search.
pub fn condition(backend: Backend, query: &str) -> Option<CustomerCondition> {
    let terms = terms(query);
    if terms.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => Box::new(
            diesel::dsl::sql::<Bool>(
                "customers.id IN (SELECT rowid FROM customer_search WHERE customer_search MATCH ",
            )
            .bind::<Text, _>(fts_query(&terms))
            .sql(")"),
        ),
        Backend::Postgres => {
            let matching = |term: &str| {
                customers::id.eq_any(
                    pg::customer_search::table
                        .filter(pg::customer_search::document.like(format!("%{term}%")))
                        .select(pg::customer_search::customer_id),
                )
            };
            let mut condition: CustomerCondition = Box::new(matching(&terms[0]));
            for term in &terms[1..] {
                condition = Box::new(condition.and(matching(term)));
            }
            condition
        }
    })
}
