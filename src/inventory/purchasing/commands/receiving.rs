//! A purchase order's moves: placed (its units incoming), received (stock in, cost per item
//! averaged), closed with units outstanding, or cancelled. Stock moves only through the
//! ledger's writer; each move writes one audit row, in one transaction.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::set_variant_costs;
use crate::db::schema::{purchase_order_lines, purchase_orders, stock_totals, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{PurchaseOrderId, VariantId};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::domain::LineProblems;
use crate::inventory::domain::{MovementKind, Quantity, ReferenceKind, weighted_average};
use crate::inventory::purchasing::models::{OrderStatus, PurchaseOrder};
use crate::inventory::purchasing::queries;
use crate::inventory::stock::{Movement, Recorder, expect, record_all};

fn movable(
    conn: &mut DbConnection,
    id: PurchaseOrderId,
    next: OrderStatus,
) -> Result<PurchaseOrder, AppError> {
    let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    if !order.status.can_become(next) {
        return Err(AppError::Conflict(format!(
            "This purchase order is {}: it cannot be {} now.",
            order.status.label().to_lowercase(),
            match next {
                OrderStatus::Ordered => "placed",
                OrderStatus::Partial | OrderStatus::Received => "received or closed",
                OrderStatus::Cancelled => "cancelled",
                OrderStatus::Draft => "made a draft",
            }
        )));
    }
    Ok(order)
}

fn set_status(
    conn: &mut DbConnection,
    actor: &Actor,
    order: &PurchaseOrder,
    status: OrderStatus,
) -> Result<(), AppError> {
    let now = db::now();
    diesel::update(purchase_orders::table.find(order.id))
        .set((
            purchase_orders::status.eq(status),
            purchase_orders::version.eq(order.version + 1),
            purchase_orders::updated_by.eq(&actor.label),
            purchase_orders::updated_at.eq(now),
        ))
        .execute(conn)?;
    let stamp = match status {
        OrderStatus::Ordered => Some(purchase_orders::ordered_at.eq(Some(now))),
        _ => None,
    };
    if let Some(stamp) = stamp {
        diesel::update(purchase_orders::table.find(order.id))
            .set(stamp)
            .execute(conn)?;
    }
    if matches!(status, OrderStatus::Received | OrderStatus::Cancelled) {
        diesel::update(purchase_orders::table.find(order.id))
            .set(purchase_orders::closed_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(())
}

fn audit_row(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    action: &str,
    after: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        conn,
        actor,
        Entry {
            entity_type: "purchase_order",
            entity_id: Some(id.to_string()),
            action,
            before: None,
            after: Some(after),
        },
    )
}

/// Places a draft with the supplier: its units are incoming at its location from now.
pub fn place(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let order = movable(c, id, OrderStatus::Ordered)?;
        let by = Recorder::of(actor);
        let lines = queries::lines_of(c, id)?;
        for line in &lines {
            expect(c, by, line.variant_id, order.location_id, line.quantity)?;
        }
        set_status(c, actor, &order, OrderStatus::Ordered)?;
        let units: i64 = lines.iter().map(|l| l.quantity).sum();
        audit_row(
            c,
            actor,
            id,
            "inventory.purchase_order_placed",
            json!({ "units": units }),
        )?;
        Ok(format!(
            "Purchase order {id} placed: {} incoming.",
            count(units, "unit", "units")
        ))
    })
}

/// What a receipt came to.
pub enum ReceiveOutcome {
    Done(String),
    Invalid(LineProblems),
    /// Lines receiving more than is outstanding, in words: the person must confirm.
    Over(Vec<String>),
}

/// Receives units per line (line id, units). More than is outstanding on a line needs
/// `over_confirmed`. Each receipt averages the variant's cost per item
/// (`domain::weighted_average`, over its stock at every location before the receipt).
pub fn receive(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    arrived: &[(i64, Quantity)],
    over_confirmed: bool,
) -> Result<ReceiveOutcome, AppError> {
    db::write(conn, |c| {
        let order = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        if !order.status.receivable() {
            return Err(AppError::Conflict(format!(
                "This purchase order is {}: nothing can be received against it.",
                order.status.label().to_lowercase()
            )));
        }
        let lines = queries::lines_of(c, id)?;
        let mut problems = Vec::new();
        let mut over = Vec::new();
        let mut taking = Vec::new();
        for (line_id, units) in arrived.iter().filter(|(_, q)| q.get() > 0) {
            match lines.iter().find(|l| l.id == *line_id) {
                None => problems.push((*line_id, "That line is not on this order.".to_owned())),
                Some(line) => {
                    if units.get() > line.outstanding() {
                        over.push(format!(
                            "{}: {} received, {} outstanding",
                            line.sku,
                            units.get(),
                            line.outstanding()
                        ));
                    }
                    taking.push((line, units.get()));
                }
            }
        }
        if taking.is_empty() && problems.is_empty() {
            problems.push((
                0,
                "Enter the units that arrived on at least one line.".into(),
            ));
        }
        if !problems.is_empty() {
            return Ok(ReceiveOutcome::Invalid(problems));
        }
        if !over.is_empty() && !over_confirmed {
            return Ok(ReceiveOutcome::Over(over));
        }
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
                reference: Some((ReferenceKind::PurchaseOrder, id.get())),
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
            OrderStatus::Received
        } else {
            OrderStatus::Partial
        };
        set_status(c, actor, &order, next)?;
        let units: i64 = taking.iter().map(|(_, u)| u).sum();
        audit_row(
            c,
            actor,
            id,
            "inventory.purchase_order_received",
            json!({ "units": units, "outstanding": left, "costs": cost_changes }),
        )?;
        Ok(ReceiveOutcome::Done(if left == 0 {
            format!(
                "Received {}: purchase order {id} is complete.",
                count(units, "unit", "units")
            )
        } else {
            format!(
                "Received {}; {} still outstanding.",
                count(units, "unit", "units"),
                count(left, "unit", "units")
            )
        }))
    })
}

/// Closes an order with units outstanding: they are no longer expected.
pub fn close(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let order = movable(c, id, OrderStatus::Received)?;
        let by = Recorder::of(actor);
        let mut dropped = 0;
        for line in queries::lines_of(c, id)?
            .iter()
            .filter(|l| l.outstanding() > 0)
        {
            expect(
                c,
                by,
                line.variant_id,
                order.location_id,
                -line.outstanding(),
            )?;
            dropped += line.outstanding();
        }
        set_status(c, actor, &order, OrderStatus::Received)?;
        audit_row(
            c,
            actor,
            id,
            "inventory.purchase_order_closed",
            json!({ "not_received": dropped }),
        )?;
        Ok(format!(
            "Purchase order {id} closed; {} no longer expected.",
            count(dropped, "unit", "units")
        ))
    })
}

/// Cancels a draft, or a placed order before anything arrived.
pub fn cancel(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let order = movable(c, id, OrderStatus::Cancelled)?;
        if order.status == OrderStatus::Ordered {
            let by = Recorder::of(actor);
            for line in queries::lines_of(c, id)? {
                expect(
                    c,
                    by,
                    line.variant_id,
                    order.location_id,
                    -line.outstanding(),
                )?;
            }
        }
        set_status(c, actor, &order, OrderStatus::Cancelled)?;
        audit_row(
            c,
            actor,
            id,
            "inventory.purchase_order_cancelled",
            json!({}),
        )?;
        Ok(format!("Purchase order {id} cancelled."))
    })
}
