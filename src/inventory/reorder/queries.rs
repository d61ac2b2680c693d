//! The low-stock list: levels at one location whose available + incoming is at or below their
//! reorder point, with each variant's default supplier and the units to order.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{products, stock_levels, suppliers, variant_suppliers, variants};
use crate::domain::ids::{LocationId, SupplierId, VariantId};
use crate::inventory::stock::is_low;

#[derive(Debug, Clone)]
pub struct LowLine {
    pub variant: VariantId,
    pub sku: String,
    pub title: String,
    pub available: i64,
    pub incoming: i64,
    pub point: i64,
    /// The reorder quantity, or enough to lift the level back above its point.
    pub suggested: i64,
    pub supplier: Option<(SupplierId, String)>,
    pub cost: Option<i64>,
}

type Row = (
    (VariantId, String, String, Option<i64>),
    (i64, i64, i64, Option<i64>, Option<i64>),
    Option<(SupplierId, String)>,
);

/// At most `limit` low levels at `location`, by SKU.
pub fn low_levels(
    conn: &mut DbConnection,
    location: LocationId,
    limit: i64,
) -> QueryResult<Vec<LowLine>> {
    let rows: Vec<Row> = stock_levels::table
        .inner_join(variants::table.inner_join(products::table))
        .left_join(
            variant_suppliers::table.on(variant_suppliers::variant_id.eq(stock_levels::variant_id)),
        )
        .left_join(suppliers::table.on(suppliers::id.eq(variant_suppliers::supplier_id)))
        .filter(stock_levels::location_id.eq(location))
        .filter(variants::track_inventory.eq(true))
        .filter(is_low())
        .order((stock_levels::sku_key.asc(), stock_levels::variant_id.asc()))
        .limit(limit)
        .select((
            (variants::id, variants::sku, products::title, variants::cost),
            (
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::incoming,
                stock_levels::reorder_point,
                stock_levels::reorder_quantity,
            ),
            (suppliers::id, suppliers::name).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (variant, sku, title, cost),
                (on_hand, committed, incoming, point, quantity),
                supplier,
            )| {
                let available = on_hand - committed;
                let point = point.unwrap_or(0);
                let shortfall = point - (available + incoming) + 1;
                LowLine {
                    variant,
                    sku,
                    title,
                    available,
                    incoming,
                    point,
                    suggested: quantity.unwrap_or(shortfall).max(1),
                    supplier,
                    cost,
                }
            },
        )
        .collect())
}
