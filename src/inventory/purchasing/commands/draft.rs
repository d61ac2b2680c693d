//! Drafts: created and changed with their lines, the codes resolved and unit costs filled in
//! from the variants' current costs; one audit row each (`documents::save_draft` does the
//! checks and the order of writes).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::table::PurchaseOrders;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{purchase_order_lines, purchase_orders, suppliers};
use crate::documents::{self, DraftWrite};
use crate::domain::ids::{PurchaseOrderId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::domain::Quantity;
use crate::inventory::locations::require_active;
use crate::inventory::purchasing::models::{DraftChanges, PurchaseOrderStatus};
use crate::inventory::stock::resolve_lines;
use crate::shop::Shop;

/// Creates (`id` none) or changes a draft purchase order.
pub fn save_purchase_order(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<PurchaseOrderId>,
    changes: &DraftChanges,
    shop: &Shop,
) -> Result<SaveResult<PurchaseOrderId>, AppError> {
    // A new order (or one moved) is for a location the person works at; `documents` asks
    // about the order as stored.
    admit_at(conn, actor, &[changes.location])?;
    documents::save_draft::<PurchaseOrders, _>(conn, actor, (id, changes.version), shop, |c| {
        check(c, changes)
    })
}

/// A checked draft: the changes, and each line's variant, units and unit cost.
struct Checked<'a> {
    changes: &'a DraftChanges,
    lines: Vec<(VariantId, (Quantity, i64))>,
}

fn check<'a>(
    conn: &mut DbConnection,
    changes: &'a DraftChanges,
) -> Result<Result<Checked<'a>, FieldErrors>, AppError> {
    let mut errors = FieldErrors::new();
    let supplier_exists =
        diesel::select(diesel::dsl::exists(suppliers::table.find(changes.supplier)))
            .get_result::<bool>(conn)?;
    if !supplier_exists {
        errors.add("supplier", "Choose a supplier from the list.");
    }
    require_active(conn, &mut errors, ("location", changes.location))?;
    let lines = resolve_lines(
        conn,
        changes
            .lines
            .iter()
            .map(|(code, units, cost)| (code.as_str(), (*units, *cost))),
        (
            &mut errors,
            &changes.line_problems,
            "Add at least one line: a SKU, the units and the unit cost.",
        ),
        |variant, (units, cost)| match cost.or(variant.cost) {
            Some(cost) => Ok((units, cost)),
            None => Err("give a unit cost (it has none yet)".to_owned()),
        },
    )?;
    Ok(errors.or_ok(Checked { changes, lines }))
}

impl DraftWrite for Checked<'_> {
    type Id = PurchaseOrderId;

    fn header(
        &self,
        conn: &mut DbConnection,
        existing: Option<PurchaseOrderId>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<PurchaseOrderId> {
        let changes = self.changes;
        let values = (
            purchase_orders::supplier_id.eq(changes.supplier),
            purchase_orders::location_id.eq(changes.location),
            purchase_orders::expected_on.eq(changes
                .expected_on
                .map(|d| d.format("%Y-%m-%d").to_string())),
            purchase_orders::note.eq(&changes.note),
        );
        let draft = PurchaseOrderStatus::Draft;
        crate::write_draft_header!(conn, purchase_orders, existing, (by, at), draft, values)
    }

    fn lines(&self, conn: &mut DbConnection, id: PurchaseOrderId) -> QueryResult<()> {
        // One statement a line: the one binary's MultiBackend has no batch insert.
        for (variant, (units, cost)) in &self.lines {
            diesel::insert_into(purchase_order_lines::table)
                .values((
                    purchase_order_lines::purchase_order_id.eq(id),
                    purchase_order_lines::variant_id.eq(*variant),
                    purchase_order_lines::quantity.eq(units.get()),
                    purchase_order_lines::unit_cost.eq(*cost),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    fn details(&self) -> Value {
        let units: i64 = self.lines.iter().map(|(_, (q, _))| q.get()).sum();
        json!({
            "supplier": self.changes.supplier, "location": self.changes.location,
            "lines": self.lines.len(), "units": units,
        })
    }
}
