//! The line picker's one read: the variants a search names, with what is available where.

use diesel::prelude::*;

use crate::db::schema::{locations, products, stock_levels, variants};
use crate::db::{DbBackend, DbConnection, id_in};
use crate::domain::ids::{LocationId, ProductId, VariantId};

/// A variant the line picker offers: what identifies it, and what is available where.
#[derive(Debug, Clone)]
pub struct PickerRow {
    pub variant_id: VariantId,
    pub sku: String,
    pub barcode: Option<String>,
    pub title: String,
    pub vendor: String,
    pub options: String,
    /// (location name, available) at each active location the person works at.
    pub available: Vec<(String, i64)>,
}

/// The most variants the picker offers at once.
pub const PICKER_SIZE: i64 = 10;

/// Tracked variants a search names: the exact SKU or barcode first, then the variants of the
/// products the catalog's search finds, by title and SKU, with what is available at each
/// active location the person works at (`allowed`; none: all). Three queries, whatever the
/// catalog's size.
pub fn picker_rows(
    conn: &mut DbConnection,
    exact: Option<VariantId>,
    products_found: &[ProductId],
    allowed: Option<&[LocationId]>,
) -> QueryResult<Vec<PickerRow>> {
    type Found = (
        VariantId,
        String,
        Option<String>,
        (Option<String>, Option<String>, Option<String>),
        String,
        String,
    );
    let mut query = variants::table
        .inner_join(products::table)
        .filter(variants::track_inventory.eq(true))
        .into_boxed::<DbBackend>();
    query = match exact {
        Some(variant) => query.filter(
            variants::id
                .eq(variant)
                .or(id_in(variants::product_id, products_found)),
        ),
        None => query.filter(id_in(variants::product_id, products_found)),
    };
    let mut found: Vec<Found> = query
        .order((products::title.asc(), variants::sku_key.asc()))
        .select((
            variants::id,
            variants::sku,
            variants::barcode,
            (variants::option1, variants::option2, variants::option3),
            products::title,
            products::vendor,
        ))
        .limit(PICKER_SIZE + 1)
        .load(conn)?;
    if let Some(variant) = exact {
        if let Some(at) = found.iter().position(|f| f.0 == variant) {
            let first = found.remove(at);
            found.insert(0, first);
        }
    }
    found.truncate(PICKER_SIZE as usize);
    let ids: Vec<VariantId> = found.iter().map(|f| f.0).collect();
    let mut levels = stock_levels::table
        .inner_join(locations::table)
        .filter(id_in(stock_levels::variant_id, &ids))
        .filter(locations::active.eq(true))
        .into_boxed::<DbBackend>();
    if let Some(allowed) = allowed {
        levels = levels.filter(id_in(stock_levels::location_id, allowed));
    }
    let levels: Vec<(VariantId, String, i64)> = levels
        .order((locations::priority.asc(), locations::id.asc()))
        .select((
            stock_levels::variant_id,
            locations::name,
            stock_levels::on_hand - stock_levels::committed,
        ))
        .load(conn)?;
    Ok(found
        .into_iter()
        .map(
            |(variant_id, sku, barcode, (o1, o2, o3), title, vendor)| PickerRow {
                variant_id,
                sku,
                barcode,
                title,
                vendor,
                options: crate::catalog::options_label([o1, o2, o3]),
                available: levels
                    .iter()
                    .filter(|(v, _, _)| *v == variant_id)
                    .map(|(_, name, n)| (name.clone(), *n))
                    .collect(),
            },
        )
        .collect())
}
