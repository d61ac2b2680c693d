//! Reorder writes: a level's settings, the same settings for many levels, and draft purchase
//! orders for the low-stock lines picked, one per default supplier.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{variant_suppliers, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, PurchaseOrderId, SupplierId, VariantId};
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::domain::Quantity;
use crate::inventory::purchasing::{PurchaseOrderDraft, save_purchase_order};
use crate::inventory::stock::{Reorder, set_reorder};
use crate::shop::Shop;

/// Sets one level's reorder settings.
pub fn save_level_reorder(
    conn: &mut DbConnection,
    actor: &Actor,
    variant: VariantId,
    location: LocationId,
    reorder: Reorder,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        admit_at(c, actor, &[location])?;
        if set_reorder(c, location, &[variant], reorder)? == 0 {
            return Err(AppError::Validation(
                "That variant has no stock level at that location.".into(),
            ));
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "variant",
                entity_id: Some(variant.to_string()),
                action: "inventory.reorder_set",
                before: None,
                after: Some(json!({ "location": location, "reorder": reorder })),
            },
        )
    })
}

/// Sets the same reorder settings on many levels at one location, with one audit row.
pub fn bulk_reorder(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    variants: &[VariantId],
    reorder: Reorder,
) -> Result<usize, AppError> {
    db::write(conn, |c| {
        admit_at(c, actor, &[location])?;
        let changed = set_reorder(c, location, variants, reorder)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "location",
                entity_id: Some(location.to_string()),
                action: "inventory.reorder_bulk_set",
                before: None,
                after: Some(json!({ "levels": changed, "reorder": reorder })),
            },
        )?;
        Ok(changed)
    })
}

/// What ordering the picked lines came to.
pub struct Ordered {
    pub created: Vec<PurchaseOrderId>,
    /// SKUs left out, with why.
    pub skipped: Vec<String>,
}

/// Draft purchase orders for `picks` at `location`, one per default supplier. Lines whose
/// variant names no supplier, or has no cost yet, are left out and named.
pub fn order_low(
    conn: &mut DbConnection,
    actor: &Actor,
    shop: &Shop,
    location: LocationId,
    picks: &[(VariantId, Quantity)],
) -> Result<Ordered, AppError> {
    admit_at(conn, actor, &[location])?;
    let ids: Vec<VariantId> = picks.iter().map(|(v, _)| *v).collect();
    let known: Vec<(VariantId, String, Option<i64>, Option<SupplierId>)> = variants::table
        .left_join(variant_suppliers::table)
        .filter(variants::id.eq_any(&ids))
        .select((
            variants::id,
            variants::sku,
            variants::cost,
            variant_suppliers::supplier_id.nullable(),
        ))
        .load(conn)?;
    let mut groups: BTreeMap<SupplierId, Vec<(String, Quantity, Option<i64>)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (variant, units) in picks {
        match known.iter().find(|(v, ..)| v == variant) {
            None => skipped.push(format!("variant {variant} (no longer exists)")),
            Some((_, sku, _, None)) => skipped.push(format!("{sku} (no default supplier)")),
            Some((_, sku, None, _)) => skipped.push(format!("{sku} (no cost yet)")),
            Some((_, sku, Some(_), Some(supplier))) => {
                groups
                    .entry(*supplier)
                    .or_default()
                    .push((sku.clone(), *units, None));
            }
        }
    }
    let mut created = Vec::new();
    for (supplier, lines) in groups {
        let draft = PurchaseOrderDraft {
            supplier,
            location,
            expected_on: None,
            note: "From the low-stock list".into(),
            lines,
            version: None,
        };
        match save_purchase_order(conn, actor, None, &draft, shop)? {
            SaveResult::Saved(id) => created.push(id),
            SaveResult::Invalid(errors) => {
                skipped.extend(errors.iter().map(|(_, message)| message.to_owned()));
            }
            SaveResult::Stale(_) => {}
        }
    }
    Ok(Ordered { created, skipped })
}
