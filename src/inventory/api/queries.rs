//! Reads of the storefront endpoints: a page of active products, their variants with what is
//! available (one query for the page, whatever its size), and availability by SKU.

use diesel::prelude::*;

use crate::catalog::ProductStatus;
use crate::db::schema::{products, stock_totals, variants};
use crate::db::{DbBackend, DbConnection};
use crate::domain::ids::{ProductId, VariantId};
use crate::web::pagination::{Cursor, finish_page, id_cursor};

/// The most SKUs one availability request may ask for.
pub const MAX_SKUS: usize = 100;

/// A variant's on hand and committed over every location, if it has a total yet.
type Totals = (Option<i64>, Option<i64>);

#[derive(Debug, Queryable)]
pub struct ProductHead {
    pub id: ProductId,
    pub handle: String,
    pub title: String,
    pub vendor: String,
    pub product_type: String,
}

#[derive(Debug, Queryable)]
pub struct VariantRow {
    pub id: VariantId,
    pub product_id: ProductId,
    pub sku: String,
    pub barcode: Option<String>,
    pub options: (Option<String>, Option<String>, Option<String>),
    pub price: i64,
    pub compare_at_price: Option<i64>,
    pub tracked: bool,
    pub allow_backorder: bool,
    pub stock: Totals,
}

impl VariantRow {
    /// On hand less committed over every location; none when the stock is not tracked.
    pub fn available(&self) -> Option<i64> {
        available(self.tracked, self.stock)
    }
}

fn available(tracked: bool, (on_hand, committed): Totals) -> Option<i64> {
    tracked.then(|| on_hand.unwrap_or(0) - committed.unwrap_or(0))
}

/// A page of active products in id order, after `cursor`.
pub fn active_products(
    conn: &mut DbConnection,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<ProductHead>, bool)> {
    let query = products::table
        .filter(products::status.eq(ProductStatus::Active))
        .select((
            products::id,
            products::handle,
            products::title,
            products::vendor,
            products::product_type,
        ))
        .into_boxed::<DbBackend>();
    let query = crate::keyset!(query, products::id, products::id, true, cursor, id_cursor);
    let rows = query.limit(size + 1).load(conn)?;
    Ok(finish_page(rows, size, cursor))
}

/// The variants of `products`, in product then position order, with their stock totals.
pub fn variants_of(
    conn: &mut DbConnection,
    products: &[ProductId],
) -> QueryResult<Vec<VariantRow>> {
    variants::table
        .left_join(stock_totals::table)
        .filter(variants::product_id.eq_any(products))
        .order((variants::product_id.asc(), variants::position.asc()))
        .select((
            variants::id,
            variants::product_id,
            variants::sku,
            variants::barcode,
            (variants::option1, variants::option2, variants::option3),
            variants::price,
            variants::compare_at_price,
            variants::track_inventory,
            variants::allow_backorder,
            (
                stock_totals::on_hand.nullable(),
                stock_totals::committed.nullable(),
            ),
        ))
        .load(conn)
}

/// What is available of each SKU asked for (matched ignoring ASCII case): the SKU key, whether
/// it is tracked, and what is available; SKUs no variant has are left out.
pub fn availability(
    conn: &mut DbConnection,
    skus: &[String],
) -> QueryResult<Vec<(String, bool, Option<i64>)>> {
    let keys: Vec<String> = skus.iter().map(|s| s.trim().to_ascii_uppercase()).collect();
    let rows: Vec<(String, bool, Totals)> = variants::table
        .left_join(stock_totals::table)
        .filter(variants::sku_key.eq_any(&keys))
        .select((
            variants::sku_key,
            variants::track_inventory,
            (
                stock_totals::on_hand.nullable(),
                stock_totals::committed.nullable(),
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(key, tracked, stock)| (key, tracked, available(tracked, stock)))
        .collect())
}
