//! Drafts: created and changed with their lines, the codes resolved and unit costs filled in
//! from the variants' current costs; one audit row each.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{locations, purchase_order_lines, purchase_orders, suppliers};
use crate::db::{self, DbConnection};
use crate::documents;
use crate::domain::ids::{PurchaseOrderId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult, stale_message};
use crate::error::AppError;
use crate::inventory::domain::Quantity;
use crate::inventory::purchasing::models::{DraftChanges, PurchaseOrderStatus, PurchaseOrders};
use crate::inventory::purchasing::queries;
use crate::inventory::stock::{CodedVariant, variant_by_code};
use crate::shop::Shop;

/// Creates (`id` none) or changes a draft purchase order.
pub fn save_purchase_order(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<PurchaseOrderId>,
    changes: &DraftChanges,
    shop: &Shop,
) -> Result<SaveResult<PurchaseOrderId>, AppError> {
    db::write(conn, |c| {
        let existing = match id {
            Some(id) => Some(queries::find(c, id)?.ok_or(AppError::NotFound)?),
            None => None,
        };
        if let Some(current) = &existing {
            if current.status != PurchaseOrderStatus::Draft {
                return Err(AppError::Conflict(format!(
                    "This order is {} now: only a draft can be changed.",
                    current.status.label().to_lowercase()
                )));
            }
            if changes.version != Some(current.version) {
                return Ok(SaveResult::Stale(stale_message(
                    "purchase order",
                    &current.updated_by,
                    &shop.time(&current.updated_at),
                )));
            }
        }
        let mut errors = FieldErrors::new();
        let supplier_exists =
            diesel::select(diesel::dsl::exists(suppliers::table.find(changes.supplier)))
                .get_result::<bool>(c)?;
        if !supplier_exists {
            errors.add("supplier", "Choose a supplier from the list.");
        }
        let active: Option<bool> = locations::table
            .find(changes.location)
            .select(locations::active)
            .first(c)
            .optional()?;
        if active != Some(true) {
            errors.add("location", "Choose an active location.");
        }
        let mut resolved: Vec<(VariantId, Quantity, i64)> = Vec::new();
        let mut problems = Vec::new();
        for (code, units, cost) in &changes.lines {
            let found = variant_by_code(c, code)?;
            match found {
                None => problems.push(format!("{code}: no variant has this SKU or barcode")),
                Some(v) if !v.tracked => problems.push(format!("{}: does not track stock", v.sku)),
                Some(CodedVariant {
                    id: variant,
                    sku,
                    cost: current,
                    ..
                }) => match cost.or(current) {
                    None => problems.push(format!("{sku}: give a unit cost (it has none yet)")),
                    Some(_) if resolved.iter().any(|(v, _, _)| *v == variant) => {
                        problems.push(format!("{sku}: listed twice"));
                    }
                    Some(unit_cost) => resolved.push((variant, *units, unit_cost)),
                },
            }
        }
        if changes.lines.is_empty() {
            errors.add(
                "lines",
                "Add at least one line: a SKU, the units and the unit cost.",
            );
        } else if !problems.is_empty() {
            errors.add("lines", format!("{}.", problems.join("; ")));
        }
        if !errors.is_empty() {
            return Ok(SaveResult::Invalid(errors));
        }
        let now = db::now();
        let values = (
            purchase_orders::supplier_id.eq(changes.supplier),
            purchase_orders::location_id.eq(changes.location),
            purchase_orders::expected_on.eq(changes
                .expected_on
                .map(|d| d.format("%Y-%m-%d").to_string())),
            purchase_orders::note.eq(&changes.note),
            purchase_orders::updated_by.eq(&actor.label),
            purchase_orders::updated_at.eq(now),
        );
        let saved = match &existing {
            Some(current) => {
                // The version the person saw, compared and bumped in one conditional update.
                if documents::hold_version::<PurchaseOrders>(
                    c,
                    actor,
                    current.id,
                    PurchaseOrderStatus::Draft,
                    changes.version,
                )?
                .is_err()
                {
                    return Ok(SaveResult::Stale(stale_message(
                        "purchase order",
                        &current.updated_by,
                        &shop.time(&current.updated_at),
                    )));
                }
                diesel::update(purchase_orders::table.find(current.id))
                    .set(values)
                    .execute(c)?;
                diesel::delete(
                    purchase_order_lines::table
                        .filter(purchase_order_lines::purchase_order_id.eq(current.id)),
                )
                .execute(c)?;
                current.id
            }
            None => diesel::insert_into(purchase_orders::table)
                .values((
                    values,
                    purchase_orders::status.eq(PurchaseOrderStatus::Draft),
                    purchase_orders::created_at.eq(now),
                ))
                .returning(purchase_orders::id)
                .get_result(c)?,
        };
        for (variant, units, cost) in &resolved {
            diesel::insert_into(purchase_order_lines::table)
                .values((
                    purchase_order_lines::purchase_order_id.eq(saved),
                    purchase_order_lines::variant_id.eq(*variant),
                    purchase_order_lines::quantity.eq(units.get()),
                    purchase_order_lines::unit_cost.eq(*cost),
                ))
                .execute(c)?;
        }
        let units: i64 = resolved.iter().map(|(_, q, _)| q.get()).sum();
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "purchase_order",
                entity_id: Some(saved.to_string()),
                action: if existing.is_some() {
                    "inventory.purchase_order_updated"
                } else {
                    "inventory.purchase_order_created"
                },
                before: None,
                after: Some(json!({
                    "supplier": changes.supplier, "location": changes.location,
                    "lines": resolved.len(), "units": units,
                })),
            },
        )?;
        Ok(SaveResult::Saved(saved))
    })
}
