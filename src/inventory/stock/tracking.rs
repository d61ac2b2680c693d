//! Levels open when a variant starts tracking stock: at zero at every active location, each
//! with its ledger row. The catalog's product writer announces every save through
//! `crate::hooks`, and [`StockWatcher`] answers it.

use std::collections::HashMap;

use diesel::prelude::*;

use super::ledger::{Recorder, open_levels};
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{locations, stock_levels, variants};
use crate::domain::ids::{LocationId, ProductId, VariantId};
use crate::error::AppError;

/// Inventory's answer to the catalog's variant changes (`crate::hooks`): levels open when a
/// variant starts tracking, and a variant whose stock has a history is kept.
pub struct StockWatcher;

impl crate::hooks::VariantWatcher for StockWatcher {
    fn saved(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        product: ProductId,
    ) -> Result<(), AppError> {
        start_tracking(conn, actor, product)
    }

    fn kept(
        &self,
        conn: &mut DbConnection,
        variants: &[VariantId],
    ) -> Result<Option<String>, AppError> {
        let skus = with_stock_history(conn, variants)?;
        Ok((!skus.is_empty()).then(|| stock_history_refusal(&skus)))
    }
}

/// Why variants with a stock history cannot be deleted, and what to do instead.
pub fn stock_history_refusal(skus: &[String]) -> String {
    format!(
        "{} can't be deleted: stock has been recorded for {}, and the stock ledger keeps every \
         movement. Turn off \"Track stock\" instead, or archive the product.",
        skus.join(", "),
        if skus.len() == 1 { "it" } else { "them" }
    )
}

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

/// The SKUs of those of `variants` whose stock has a history: a level holding, promised or
/// expecting units, a movement other than tracking starting, or a line on a transfer or a
/// purchase order. Deleting such a variant would erase its ledger and change past documents,
/// so the catalog refuses to (archive the product, or stop tracking, instead).
fn with_stock_history(conn: &mut DbConnection, variants: &[VariantId]) -> QueryResult<Vec<String>> {
    use crate::db::id_in;
    use crate::db::schema::{purchase_order_lines, stock_movements, transfer_lines};

    if variants.is_empty() {
        return Ok(Vec::new());
    }
    let mut ids: Vec<VariantId> = stock_movements::table
        .filter(id_in(stock_movements::variant_id, variants))
        .filter(stock_movements::kind.ne(crate::inventory::MovementKind::TrackingStarted))
        .select(stock_movements::variant_id)
        .distinct()
        .load(conn)?;
    ids.extend(
        stock_levels::table
            .filter(id_in(stock_levels::variant_id, variants))
            .filter(
                stock_levels::on_hand
                    .ne(0)
                    .or(stock_levels::committed.ne(0))
                    .or(stock_levels::incoming.ne(0)),
            )
            .select(stock_levels::variant_id)
            .load::<VariantId>(conn)?,
    );
    ids.extend(
        transfer_lines::table
            .filter(id_in(transfer_lines::variant_id, variants))
            .select(transfer_lines::variant_id)
            .load::<VariantId>(conn)?,
    );
    ids.extend(
        purchase_order_lines::table
            .filter(id_in(purchase_order_lines::variant_id, variants))
            .select(purchase_order_lines::variant_id)
            .load::<VariantId>(conn)?,
    );
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    variants::table
        .filter(id_in(variants::id, &ids))
        .order(variants::sku_key.asc())
        .select(variants::sku)
        .load(conn)
}
