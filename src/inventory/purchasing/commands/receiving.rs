//! A purchase order's moves: placed (its units incoming), received (stock in, cost per item
//! averaged), closed with units outstanding, or cancelled. Stock moves only through the
//! ledger's writer; each move writes one audit row, in one transaction.

use diesel::prelude::*;
use serde_json::json;

use super::table::PurchaseOrders;
use crate::auth::Actor;
use crate::catalog::set_variant_costs;
use crate::db::schema::{purchase_order_lines, purchase_orders, stock_totals, variants};
use crate::db::{self, DbConnection};
use crate::documents::{self, OverReceipt, receipt_done, take_arrivals, units_taken};
use crate::domain::ids::{PurchaseOrderId, PurchaseOrderLineId, VariantId};
use crate::domain::problems::Receipt;
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, Quantity, StockReference, weighted_average};
use crate::inventory::purchasing::models::{PurchaseOrder, PurchaseOrderStatus};
use crate::inventory::purchasing::queries;
use crate::inventory::stock::{Movement, Recorder, expect, record_all};

/// Stamps when an order was placed or ended; its status was set by the claim.
fn stamp(
    conn: &mut DbConnection,
    id: PurchaseOrderId,
    status: PurchaseOrderStatus,
) -> QueryResult<usize> {
    let now = db::now();
    let row = purchase_orders::table.find(id);
    match status {
        PurchaseOrderStatus::Ordered => diesel::update(row)
            .set(purchase_orders::ordered_at.eq(Some(now)))
            .execute(conn),
        PurchaseOrderStatus::Received | PurchaseOrderStatus::Cancelled => diesel::update(row)
            .set(purchase_orders::closed_at.eq(Some(now)))
            .execute(conn),
        PurchaseOrderStatus::Draft | PurchaseOrderStatus::Partial => Ok(0),
    }
}

/// The order as it is now that this transaction holds it.
fn held(conn: &mut DbConnection, id: PurchaseOrderId) -> Result<PurchaseOrder, AppError> {
    queries::find(conn, id)?.ok_or(AppError::NotFound)
}

/// Places a draft with the supplier: its units are incoming at its location from now.
pub fn place(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    let to = (id, PurchaseOrderStatus::Ordered);
    let action = "inventory.purchase_order_placed";
    documents::transition::<PurchaseOrders>(conn, actor, to, action, |c, _| {
        let order = held(c, id)?;
        let by = Recorder::of(actor);
        let lines = queries::lines_of(c, id)?;
        for line in &lines {
            expect(c, by, line.variant_id, order.location_id, line.quantity)?;
        }
        stamp(c, id, PurchaseOrderStatus::Ordered)?;
        let units: i64 = lines.iter().map(|l| l.quantity).sum();
        let placed = count(units, "unit", "units");
        let sentence = format!("Purchase order {id} placed: {placed} incoming.");
        Ok((json!({ "units": units }), sentence))
    })
}

/// Receives units per line (line id, units). More than is outstanding on a line needs
/// `over_confirmed`. Each receipt averages the variant's cost per item
/// (`domain::weighted_average`, over its stock at every location before the receipt).
pub fn receive(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    arrived: &[(PurchaseOrderLineId, Quantity)],
    over_confirmed: bool,
) -> Result<Receipt<PurchaseOrderLineId>, AppError> {
    db::write(conn, |c| {
        documents::admit::<PurchaseOrders>(c, actor, id, PurchaseOrderStatus::Received)?;
        let seen = documents::current::<PurchaseOrders>(c, id)?;
        if !seen.status.receivable() {
            return Err(AppError::Conflict(format!(
                "This purchase order is {}: nothing can be received against it.",
                seen.status.label().to_lowercase()
            )));
        }
        let order = held(c, id)?;
        let lines = queries::lines_of(c, id)?;
        let arrived = arrived.iter().map(|(line, units)| (*line, units.get()));
        let over = OverReceipt::Asked {
            confirmed: over_confirmed,
        };
        let taking = match take_arrivals::<PurchaseOrders, _>(c, (id, seen), &lines, arrived, over)?
        {
            Ok(taking) => taking,
            Err(refused) => return Ok(refused),
        };
        let mut claim =
            documents::hold::<PurchaseOrders>(c, actor, id, seen, PurchaseOrderStatus::Received)?;
        let by = Recorder::of(actor);
        // Costs first, from the stock held before this receipt.
        let mut costs: Vec<(VariantId, i64)> = Vec::new();
        let mut cost_changes = Vec::new();
        for (line, units) in &taking {
            let held: i64 = stock_totals::table
                .find(line.variant_id)
                .select(stock_totals::on_hand)
                .first(c)
                .optional()?
                .unwrap_or(0);
            let current: Option<i64> = variants::table
                .find(line.variant_id)
                .select(variants::cost)
                .first(c)?;
            let new = weighted_average(held, current, *units, line.unit_cost);
            if current != Some(new) {
                cost_changes.push(json!({ "sku": line.sku, "before": current, "after": new }));
            }
            costs.push((line.variant_id, new));
        }
        let receipts: Vec<Movement<'_>> = taking
            .iter()
            .map(|(line, units)| Movement {
                variant: line.variant_id,
                location: order.location_id,
                kind: MovementKind::Receipt,
                on_hand: *units,
                committed: 0,
                reason: None,
                note: "",
                reference: Some(StockReference::PurchaseOrder(id)),
            })
            .collect();
        record_all(c, by, &receipts)?;
        for (line, units) in &taking {
            expect(
                c,
                by,
                line.variant_id,
                order.location_id,
                -units.min(&line.outstanding()),
            )?;
            diesel::update(purchase_order_lines::table.find(line.id))
                .set(purchase_order_lines::received.eq(purchase_order_lines::received + units))
                .execute(c)?;
        }
        set_variant_costs(c, actor, &costs)?;
        let left: i64 = queries::lines_of(c, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        let next = if left == 0 {
            PurchaseOrderStatus::Received
        } else {
            PurchaseOrderStatus::Partial
        };
        documents::settle::<PurchaseOrders>(c, actor, id, &mut claim, next)?;
        stamp(c, id, next)?;
        let units = units_taken(&taking);
        documents::record::<PurchaseOrders>(
            c,
            actor,
            id,
            &claim,
            "inventory.purchase_order_received",
            json!({ "units": units, "outstanding": left, "costs": cost_changes }),
        )?;
        let done = receipt_done::<PurchaseOrders>(id, units, left, "still outstanding");
        Ok(Receipt::Done(done))
    })
}

/// Closes an order with units outstanding: they are no longer expected.
pub fn close(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    let to = (id, PurchaseOrderStatus::Received);
    let action = "inventory.purchase_order_closed";
    documents::transition::<PurchaseOrders>(conn, actor, to, action, |c, _| {
        let order = held(c, id)?;
        let by = Recorder::of(actor);
        let mut dropped = 0;
        for line in queries::lines_of(c, id)? {
            let units = line.outstanding();
            if units > 0 {
                expect(c, by, line.variant_id, order.location_id, -units)?;
                dropped += units;
            }
        }
        stamp(c, id, PurchaseOrderStatus::Received)?;
        let dropped_units = count(dropped, "unit", "units");
        let sentence = format!("Purchase order {id} closed; {dropped_units} no longer expected.");
        Ok((json!({ "not_received": dropped }), sentence))
    })
}

/// Cancels a draft, or a placed order before anything arrived.
pub fn cancel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    let to = (id, PurchaseOrderStatus::Cancelled);
    let action = "inventory.purchase_order_cancelled";
    documents::transition::<PurchaseOrders>(conn, actor, to, action, |c, from| {
        let order = held(c, id)?;
        if from == PurchaseOrderStatus::Ordered {
            let by = Recorder::of(actor);
            for line in queries::lines_of(c, id)? {
                let units = line.outstanding();
                expect(c, by, line.variant_id, order.location_id, -units)?;
            }
        }
        stamp(c, id, PurchaseOrderStatus::Cancelled)?;
        Ok((json!({}), format!("Purchase order {id} cancelled.")))
    })
}
