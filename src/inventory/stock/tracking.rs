//! Levels open when a variant starts tracking stock: at zero at every active location, each
//! with its ledger row. The catalog's product writer calls [`start_tracking`] after every save.

use std::collections::HashMap;

use diesel::prelude::*;

use super::ledger::{Recorder, open_levels};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{locations, stock_levels, variants};
use crate::domain::ids::{LocationId, ProductId, VariantId};
use crate::error::AppError;

/// Opens the levels that `product`'s tracked variants lack at the active locations.
pub fn start_tracking(
    conn: &mut DbConnection,
    actor: &Actor,
    product: ProductId,
) -> Result<(), AppError> {
    let tracked: Vec<VariantId> = variants::table
        .filter(variants::product_id.eq(product))
        .filter(variants::track_inventory.eq(true))
        .select(variants::id)
        .load(conn)?;
    if tracked.is_empty() {
        return Ok(());
    }
    let active: Vec<LocationId> = locations::table
        .filter(locations::active.eq(true))
        .select(locations::id)
        .load(conn)?;
    let mut held: HashMap<VariantId, usize> = HashMap::new();
    let levels: Vec<(VariantId, LocationId)> = stock_levels::table
        .filter(stock_levels::variant_id.eq_any(&tracked))
        .select((stock_levels::variant_id, stock_levels::location_id))
        .load(conn)?;
    for (variant, location) in levels {
        if active.contains(&location) {
            *held.entry(variant).or_default() += 1;
        }
    }
    for variant in tracked {
        if held.get(&variant).copied().unwrap_or(0) < active.len() {
            open_levels(conn, Recorder::of(actor), variant, &active)?;
        }
    }
    Ok(())
}
