//! Demo suppliers (each the default of a share of variants), purchase orders in every status,
//! and an open count with some lines counted: made through the same commands people use, so
//! incoming and the ledger stay consistent.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::{stock_count_lines, suppliers, variant_suppliers, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, PurchaseOrderId, SupplierId, VariantId};
use crate::domain::problems::Receipt;
use crate::error::AppError;
use crate::inventory::counts::{Scope, StartOutcome, record_line, start_count};
use crate::inventory::domain::Quantity;
use crate::inventory::purchasing::{
    PurchaseOrderDraft, cancel_purchase_order, place_purchase_order, receive_purchase_order,
    save_purchase_order,
};
use crate::shop::Shop;

const SUPPLIERS: [(&str, &str, &str, i64); 3] = [
    (
        "Harbour Mills",
        "Ines Porto",
        "orders@harbour-mills.example",
        14,
    ),
    (
        "Northwind Ceramics",
        "Jon Bay",
        "sales@northwind-ceramics.example",
        21,
    ),
    (
        "Dockside Goods",
        "Ada Quay",
        "hello@dockside-goods.example",
        7,
    ),
];

/// Suppliers, purchase orders and a count; a line of the report.
pub fn generate(
    conn: &mut DbConnection,
    actor: &Actor,
    shop: &Shop,
    main: LocationId,
) -> Result<String, AppError> {
    let existing: i64 = suppliers::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(format!("{existing} suppliers already; no purchasing added"));
    }
    let now = db::now();
    let tracked: Vec<(VariantId, String)> = variants::table
        .filter(variants::track_inventory.eq(true))
        .filter(variants::cost.is_not_null())
        .order(variants::id.asc())
        .select((variants::id, variants::sku))
        .load(conn)?;
    let mut made: Vec<SupplierId> = Vec::new();
    db::write(conn, |c| {
        made.clear();
        for (name, contact, email, lead) in SUPPLIERS {
            let id: SupplierId = diesel::insert_into(suppliers::table)
                .values((
                    suppliers::name.eq(name),
                    suppliers::name_key.eq(name.to_lowercase()),
                    suppliers::contact.eq(contact),
                    suppliers::email.eq(email),
                    suppliers::lead_time_days.eq(Some(lead)),
                    suppliers::updated_by.eq(&actor.label),
                    suppliers::created_at.eq(now),
                    suppliers::updated_at.eq(now),
                ))
                .returning(suppliers::id)
                .get_result(c)?;
            made.push(id);
        }
        // Two variants in three buy from a supplier, by turns.
        for (n, (variant, sku)) in tracked.iter().enumerate().filter(|(n, _)| n % 3 != 2) {
            diesel::insert_into(variant_suppliers::table)
                .values((
                    variant_suppliers::variant_id.eq(*variant),
                    variant_suppliers::supplier_id.eq(made[n % made.len()]),
                    variant_suppliers::supplier_sku.eq(format!("S-{sku}")),
                ))
                .execute(c)?;
        }
        Ok(())
    })?;
    // One order per status: draft, ordered, partially received, received, cancelled.
    let mut orders = 0;
    for (n, step) in ["draft", "ordered", "partial", "received", "cancelled"]
        .iter()
        .enumerate()
    {
        let lines: Vec<(String, Quantity, Option<i64>)> = tracked
            .iter()
            .skip(n * 4)
            .take(3)
            .map(|(_, sku)| (sku.clone(), Quantity::new(12), None))
            .collect();
        if lines.is_empty() {
            break;
        }
        let draft = PurchaseOrderDraft {
            supplier: made[n % made.len()],
            location: main,
            expected_on: Some((now + chrono::Duration::days(7 + n as i64)).date()),
            note: String::new(),
            lines,
            line_problems: Vec::new(),
            version: None,
        };
        let crate::domain::problems::SaveResult::Saved(id) =
            save_purchase_order(conn, actor, None, &draft, shop)?
        else {
            continue;
        };
        advance(conn, actor, id, step)?;
        orders += 1;
    }
    let counted = open_count(conn, actor, main)?;
    Ok(format!(
        "{} suppliers, {orders} purchase orders, {counted}",
        made.len()
    ))
}

/// Moves a draft on to the demo's status for it.
fn advance(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    step: &str,
) -> Result<(), AppError> {
    if step == "draft" {
        return Ok(());
    }
    place_purchase_order(conn, actor, id)?;
    match step {
        "partial" | "received" => {
            let units = if step == "partial" { 5 } else { 12 };
            let lines: Vec<crate::domain::ids::PurchaseOrderLineId> =
                crate::db::schema::purchase_order_lines::table
                    .filter(crate::db::schema::purchase_order_lines::purchase_order_id.eq(id))
                    .select(crate::db::schema::purchase_order_lines::id)
                    .load(conn)?;
            let arrived: Vec<(crate::domain::ids::PurchaseOrderLineId, Quantity)> = lines
                .into_iter()
                .map(|l| (l, Quantity::new(units)))
                .collect();
            if let Receipt::Invalid(_) | Receipt::Over(_) =
                receive_purchase_order(conn, actor, id, &arrived, false)?
            {
                return Err(AppError::Unexpected("demo receipt refused".into()));
            }
        }
        "cancelled" => {
            cancel_purchase_order(conn, actor, id)?;
        }
        _ => {}
    }
    Ok(())
}

/// A count of the first listed SKUs at the main location, a few lines counted.
fn open_count(
    conn: &mut DbConnection,
    actor: &Actor,
    main: LocationId,
) -> Result<String, AppError> {
    let codes: Vec<String> = variants::table
        .filter(variants::track_inventory.eq(true))
        .order(variants::id.desc())
        .select(variants::sku)
        .limit(12)
        .load(conn)?;
    let StartOutcome::Started(count) =
        start_count(conn, actor, main, &Scope::Codes(codes), "Shelf A, demo")?
    else {
        return Ok("no count".into());
    };
    let lines: Vec<crate::domain::ids::CountLineId> = stock_count_lines::table
        .filter(stock_count_lines::count_id.eq(count))
        .order(stock_count_lines::id.asc())
        .select(stock_count_lines::id)
        .limit(5)
        .load(conn)?;
    for (n, line) in lines.iter().enumerate() {
        record_line(conn, actor, count, *line, Quantity::new(n as u32 + 1))?;
    }
    Ok(format!(
        "count {count} open with {} lines counted",
        lines.len()
    ))
}
