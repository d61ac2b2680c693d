//! Reorder settings of levels: the point at or below which a level is low (available +
//! incoming), and how many to order then. Levels belong to this module; these are the only
//! writes of those two columns.

use diesel::prelude::*;

use crate::db::schema::stock_levels;
use crate::db::{DbConnection, id_in};
use crate::domain::ids::{LocationId, VariantId};
use crate::error::AppError;
use crate::inventory::domain::Quantity;

/// A reorder point and quantity (both none: not reordered).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reorder {
    pub point: Option<i64>,
    pub quantity: Option<i64>,
}

impl Reorder {
    /// A reorder point and quantity as typed (on a form or in a CSV file): both empty clears
    /// them; a quantity needs a point and is at least one unit.
    pub fn parse(point: &str, quantity: &str) -> Result<Reorder, String> {
        let parse = |text: &str, what: &str| -> Result<Option<i64>, String> {
            match text.trim() {
                "" => Ok(None),
                text => Quantity::parse(text)
                    .map(|q| Some(q.get()))
                    .map_err(|e| format!("The {what}: {}", e.message())),
            }
        };
        let point = parse(point, "reorder point")?;
        let quantity = parse(quantity, "reorder quantity")?;
        if quantity == Some(0) {
            return Err("The reorder quantity: order at least one unit.".into());
        }
        if point.is_none() && quantity.is_some() {
            return Err("Give a reorder point for the quantity to apply.".into());
        }
        Ok(Reorder { point, quantity })
    }
}

/// Sets the reorder settings of `variants`' levels at `location`; returns how many changed.
pub fn set_reorder(
    conn: &mut DbConnection,
    location: LocationId,
    variants: &[VariantId],
    reorder: Reorder,
) -> Result<usize, AppError> {
    Ok(diesel::update(
        stock_levels::table
            .filter(stock_levels::location_id.eq(location))
            .filter(id_in(stock_levels::variant_id, variants)),
    )
    .set((
        stock_levels::reorder_point.eq(reorder.point),
        stock_levels::reorder_quantity.eq(reorder.quantity),
    ))
    .execute(conn)?)
}

/// A level is *low* when available + incoming is at or below its reorder point. Written as
/// `on_hand - committed <= reorder_point - incoming`: the condition of the partial index
/// `stock_levels_low` (location, SKU key, variant), so a location's low levels come from it
/// in SKU order. (SQLite matches a query's condition to an index's by their form, and does
/// not match forms with a `+`.) No reorder point: never low.
#[diesel::dsl::auto_type]
pub fn is_low() -> _ {
    let available = (stock_levels::on_hand - stock_levels::committed).nullable();
    available.le(stock_levels::reorder_point - stock_levels::incoming.nullable())
}
