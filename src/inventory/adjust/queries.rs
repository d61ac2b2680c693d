//! What the adjust page reads: the reasons, and a variant's stock at each active location.

use diesel::prelude::*;

use super::models::{LevelRow, VariantStock};
use crate::catalog::options_label;
use crate::db::DbConnection;
use crate::db::schema::{locations, products, stock_levels, stock_reasons, variants};
use crate::domain::ids::{LocationId, ReasonId, VariantId};

/// The active reasons in their order: (id, label, needs a note).
pub fn reason_choices(conn: &mut DbConnection) -> QueryResult<Vec<(i64, String, bool)>> {
    stock_reasons::table
        .filter(stock_reasons::active.eq(true))
        .order((stock_reasons::position.asc(), stock_reasons::id.asc()))
        .select((
            stock_reasons::id,
            stock_reasons::label,
            stock_reasons::needs_note,
        ))
        .load(conn)
}

/// A reason that can be given: (code, label, needs a note); none if unknown or retired.
pub fn reason(
    conn: &mut DbConnection,
    id: ReasonId,
) -> QueryResult<Option<(String, String, bool)>> {
    stock_reasons::table
        .find(id)
        .filter(stock_reasons::active.eq(true))
        .select((
            stock_reasons::code,
            stock_reasons::label,
            stock_reasons::needs_note,
        ))
        .first(conn)
        .optional()
}

/// A variant's SKU, product title, option values and whether it tracks stock.
type Named = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
);

/// A variant with its levels at the active locations; none if it does not exist.
pub fn variant_stock(
    conn: &mut DbConnection,
    variant: VariantId,
) -> QueryResult<Option<VariantStock>> {
    let found: Option<Named> = variants::table
        .inner_join(products::table)
        .filter(variants::id.eq(variant))
        .select((
            variants::sku,
            products::title,
            variants::option1,
            variants::option2,
            variants::option3,
            variants::track_inventory,
        ))
        .first(conn)
        .optional()?;
    let Some((sku, title, o1, o2, o3, tracked)) = found else {
        return Ok(None);
    };
    type Level = (
        LocationId,
        String,
        Option<(i64, i64, Option<i64>, Option<i64>)>,
    );
    let levels: Vec<Level> = locations::table
        .left_join(
            stock_levels::table.on(stock_levels::location_id
                .eq(locations::id)
                .and(stock_levels::variant_id.eq(variant))),
        )
        .filter(locations::active.eq(true))
        .order((locations::priority.asc(), locations::name.asc()))
        .select((
            locations::id,
            locations::name,
            (
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::reorder_point,
                stock_levels::reorder_quantity,
            )
                .nullable(),
        ))
        .load(conn)?;
    Ok(Some(VariantStock {
        sku,
        title,
        options: options_label([o1, o2, o3]),
        tracked,
        levels: levels
            .into_iter()
            .map(|(location, name, level)| {
                let (on_hand, committed, reorder_point, reorder_quantity) =
                    level.unwrap_or((0, 0, None, None));
                LevelRow {
                    location,
                    name,
                    on_hand,
                    committed,
                    reorder_point,
                    reorder_quantity,
                }
            })
            .collect(),
    }))
}
