//! Reorder settings of levels: the point at or below which a level is low (available +
//! incoming), and how many to order then. Levels belong to this module; these are the only
//! writes of those two columns.

use diesel::prelude::*;

use crate::db::schema::stock_levels;
use crate::db::{DbConnection, id_in};
use crate::domain::ids::{LocationId, VariantId};
use crate::error::AppError;

/// A reorder point and quantity (both none: not reordered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Reorder {
    pub point: Option<i64>,
    pub quantity: Option<i64>,
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
