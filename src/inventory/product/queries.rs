//! A product's stock: each tracked variant at each active location.

use diesel::prelude::*;

use crate::catalog::options_label;
use crate::db::DbConnection;
use crate::db::schema::{locations, products, stock_levels, variants};
use crate::domain::ids::{LocationId, ProductId, VariantId};

/// (variant, SKU, options, location, location name, on hand, committed, incoming)
pub type ProductLevel = (VariantId, String, String, LocationId, String, i64, i64, i64);

pub fn title_of(conn: &mut DbConnection, product: ProductId) -> QueryResult<Option<String>> {
    products::table
        .find(product)
        .select(products::title)
        .first(conn)
        .optional()
}

pub fn product_levels(
    conn: &mut DbConnection,
    product: ProductId,
) -> QueryResult<Vec<ProductLevel>> {
    type Row = (
        (
            VariantId,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        ),
        (LocationId, String),
        (i64, i64, i64),
    );
    let rows: Vec<Row> = stock_levels::table
        .inner_join(variants::table)
        .inner_join(locations::table)
        .filter(variants::product_id.eq(product))
        .filter(variants::track_inventory.eq(true))
        .filter(locations::active.eq(true))
        // The inventory list's order (SKU), each variant's locations by priority: the grid's
        // rows and columns.
        .order((
            variants::sku_key.asc(),
            variants::id.asc(),
            locations::priority.asc(),
            locations::id.asc(),
        ))
        .select((
            (
                variants::id,
                variants::sku,
                variants::option1,
                variants::option2,
                variants::option3,
            ),
            (locations::id, locations::name),
            (
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::incoming,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |((v, sku, o1, o2, o3), (l, name), (on_hand, committed, incoming))| {
                let options = options_label([o1, o2, o3]);
                (v, sku, options, l, name, on_hand, committed, incoming)
            },
        )
        .collect())
}
