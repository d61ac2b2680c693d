//! Reorder writes: a level's settings, the same settings for many levels, and draft purchase
//! orders for the low-stock lines picked, one per default supplier.

use std::collections::BTreeMap;

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{suppliers, variant_suppliers, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, PurchaseOrderId, SupplierId, VariantId};
use crate::domain::problems::SaveResult;
use crate::domain::words::count;
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

/// A line of a planned purchase order: SKU, units, unit cost.
pub type PlannedLine = (String, Quantity, i64);

/// The purchase orders a pick would draft: one per default supplier (its name and lines: SKU,
/// units, unit cost), and the SKUs left out with why.
pub struct OrderPlan {
    pub orders: Vec<(SupplierId, String, Vec<PlannedLine>)>,
    pub skipped: Vec<String>,
}

impl OrderPlan {
    /// The question's sentence: each purchase order with its lines, units and value.
    pub fn sentence(&self, shop: &Shop) -> String {
        let mut said: Vec<String> = self
            .orders
            .iter()
            .map(|(_, name, lines)| {
                let units: i64 = lines.iter().map(|(_, q, _)| q.get()).sum();
                let value: i64 = lines.iter().map(|(_, q, cost)| q.get() * cost).sum();
                format!(
                    "{name}: {}, {}, {}",
                    count(lines.len() as i64, "line", "lines"),
                    count(units, "unit", "units"),
                    shop.money(value)
                )
            })
            .collect();
        if said.is_empty() {
            said.push("No purchase order: none of the lines can be ordered".into());
        }
        let mut sentence = format!("{}.", said.join("; "));
        if !self.skipped.is_empty() {
            sentence.push_str(&format!(" Left out: {}.", self.skipped.join("; ")));
        }
        sentence.push_str(" Each is a draft: nothing is sent to a supplier until it is placed.");
        sentence
    }
}

/// Groups `picks` by their variants' default suppliers, at their current costs, for a person
/// who works at `location`.
pub fn plan_orders(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    picks: &[(VariantId, Quantity)],
) -> Result<OrderPlan, AppError> {
    admit_at(conn, actor, &[location])?;
    let ids: Vec<VariantId> = picks.iter().map(|(v, _)| *v).collect();
    type Known = (VariantId, String, Option<i64>, Option<(SupplierId, String)>);
    let known: Vec<Known> = variants::table
        .left_join(variant_suppliers::table)
        .left_join(suppliers::table.on(suppliers::id.eq(variant_suppliers::supplier_id)))
        .filter(variants::id.eq_any(&ids))
        .select((
            variants::id,
            variants::sku,
            variants::cost,
            (suppliers::id, suppliers::name).nullable(),
        ))
        .load(conn)?;
    let mut groups: BTreeMap<(String, SupplierId), Vec<PlannedLine>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (variant, units) in picks {
        match known.iter().find(|(v, ..)| v == variant) {
            None => skipped.push(format!("variant {variant} (no longer exists)")),
            Some((_, sku, _, None)) => skipped.push(format!("{sku} (no default supplier)")),
            Some((_, sku, None, _)) => skipped.push(format!("{sku} (no cost yet)")),
            Some((_, sku, Some(cost), Some((supplier, name)))) => {
                groups.entry((name.clone(), *supplier)).or_default().push((
                    sku.clone(),
                    *units,
                    *cost,
                ));
            }
        }
    }
    let orders = groups
        .into_iter()
        .map(|((name, supplier), lines)| (supplier, name, lines))
        .collect();
    Ok(OrderPlan { orders, skipped })
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
    let plan = plan_orders(conn, actor, location, picks)?;
    let mut skipped = plan.skipped;
    let mut created = Vec::new();
    for (supplier, _, lines) in plan.orders {
        let draft = PurchaseOrderDraft {
            supplier,
            location,
            expected_on: None,
            note: "From the low-stock list".into(),
            lines: lines
                .into_iter()
                .map(|(sku, q, _)| (sku, q, None))
                .collect(),
            line_problems: Vec::new(),
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
