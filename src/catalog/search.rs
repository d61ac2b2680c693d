//! The product search index, one entry per product over title, SKUs, barcodes, vendor and tags.
//! SQLite: an FTS5 table with prefix indexes. PostgreSQL: one lower-cased document per product
//! with a trigram GIN index. Either way a search is an indexed sub-select of product ids, never a
//! `LIKE '%…%'` scan of the products table.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};

use crate::db::schema::{products, variants};
use crate::db::search::{fts_query, terms};
use crate::db::{Backend, DbBackend, DbConnection};
use crate::domain::ids::ProductId;

/// Rebuilds the index entry of one product. Runs inside the caller's transaction.
pub fn index_product(conn: &mut DbConnection, product_id: ProductId) -> QueryResult<()> {
    let (title, vendor, tags): (String, String, String) = products::table
        .find(product_id)
        .select((products::title, products::vendor, products::tags))
        .first(conn)?;
    let codes: Vec<(String, Option<String>)> = variants::table
        .filter(variants::product_id.eq(product_id))
        .select((variants::sku, variants::barcode))
        .load(conn)?;
    let skus = codes
        .iter()
        .map(|(sku, _)| sku.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let barcodes = codes
        .iter()
        .filter_map(|(_, b)| b.as_deref())
        .collect::<Vec<_>>()
        .join(" ");
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::sql_query("DELETE FROM product_search WHERE rowid = ?")
                .bind::<BigInt, _>(product_id)
                .execute(c)?;
            diesel::sql_query("INSERT INTO product_search (rowid, title, skus, barcodes, vendor, tags) VALUES (?, ?, ?, ?, ?, ?)")
                .bind::<BigInt, _>(product_id)
                .bind::<Text, _>(&title)
                .bind::<Text, _>(&skus)
                .bind::<Text, _>(&barcodes)
                .bind::<Text, _>(&vendor)
                .bind::<Text, _>(&tags)
                .execute(c)?;
        }
        DbConnection::Pg(c) => {
            let document = format!("{title} {skus} {barcodes} {vendor} {tags}").to_lowercase();
            diesel::sql_query(
                "INSERT INTO product_search (product_id, document) VALUES ($1, $2) \
                 ON CONFLICT (product_id) DO UPDATE SET document = EXCLUDED.document",
            )
            .bind::<BigInt, _>(product_id)
            .bind::<Text, _>(&document)
            .execute(c)?;
        }
    }
    Ok(())
}

/// Removes a product's entry (PostgreSQL's goes with the product by cascade).
pub fn remove_product(conn: &mut DbConnection, product_id: ProductId) -> QueryResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        diesel::sql_query("DELETE FROM product_search WHERE rowid = ?")
            .bind::<BigInt, _>(product_id)
            .execute(c)?;
    }
    Ok(())
}

/// Merges the search index's segments into one after a bulk write (an import, demo data). Each
/// product written adds a small segment; FTS5 merges them only gradually, and a prefix query
/// must visit every segment, so a freshly imported catalog searched several times slower than a
/// tidy one. A no-op on PostgreSQL, whose GIN index needs nothing of the kind.
pub fn tidy(conn: &mut DbConnection) -> QueryResult<()> {
    if let DbConnection::Sqlite(c) = conn {
        diesel::sql_query("INSERT INTO product_search (product_search) VALUES ('optimize')")
            .execute(c)?;
    }
    Ok(())
}

/// PostgreSQL's search table (SQLite's is an FTS5 table queried through SQL text).
mod pg {
    use crate::db::schema::products;

    diesel::table! {
        product_search (product_id) {
            product_id -> BigInt,
            document -> Text,
        }
    }

    diesel::allow_tables_to_appear_in_same_query!(product_search, products);
}

/// A boolean condition on the products table.
pub type ProductCondition = Box<dyn BoxableExpression<products::table, DbBackend, SqlType = Bool>>;

/// A condition "products.id is among the matches of `query`", or `None` for an empty search.
/// Every term must match (as a word prefix on SQLite, a substring on PostgreSQL).
pub fn condition(backend: Backend, query: &str) -> Option<ProductCondition> {
    let terms = terms(query);
    if terms.is_empty() {
        return None;
    }
    Some(match backend {
        Backend::Sqlite => Box::new(
            diesel::dsl::sql::<Bool>(
                "products.id IN (SELECT rowid FROM product_search WHERE product_search MATCH ",
            )
            .bind::<Text, _>(fts_query(&terms))
            .sql(")"),
        ),
        Backend::Postgres => {
            // One indexed sub-select per term (a boxed sub-select cannot go through the
            // MultiBackend); terms are letters and digits only, so no LIKE wildcards inside.
            let matching = |term: &str| {
                products::id.eq_any(
                    pg::product_search::table
                        .filter(pg::product_search::document.like(format!("%{term}%")))
                        .select(pg::product_search::product_id),
                )
            };
            let mut condition: ProductCondition = Box::new(matching(&terms[0]));
            for term in &terms[1..] {
                condition = Box::new(condition.and(matching(term)));
            }
            condition
        }
    })
}
