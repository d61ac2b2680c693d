//! Reading purchase orders.

use diesel::prelude::*;

use super::models::{PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus};
use crate::catalog::options_label;
use crate::db::schema::{
    products, purchase_order_lines, purchase_orders, variant_suppliers, variants,
};
use crate::db::{DbBackend, DbConnection};
use crate::domain::ids::{LocationId, PurchaseOrderId, PurchaseOrderLineId, SupplierId, VariantId};
use crate::web::pagination::Cursor;

pub fn find(conn: &mut DbConnection, id: PurchaseOrderId) -> QueryResult<Option<PurchaseOrder>> {
    purchase_orders::table
        .find(id)
        .select(PurchaseOrder::as_select())
        .first(conn)
        .optional()
}

/// A page of orders, newest first, older than `before`.
/// A page of purchase orders, newest first, for the locations of `scope` (all when none): the
/// scope is part of the query, so a limited person's pages are full.
pub fn list(
    conn: &mut DbConnection,
    (status, supplier): (Option<PurchaseOrderStatus>, Option<SupplierId>),
    scope: Option<&[LocationId]>,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<PurchaseOrder>, bool)> {
    let mut query = purchase_orders::table
        .select(PurchaseOrder::as_select())
        .into_boxed::<DbBackend>();
    if let Some(status) = status {
        query = query.filter(purchase_orders::status.eq(status));
    }
    if let Some(supplier) = supplier {
        query = query.filter(purchase_orders::supplier_id.eq(supplier));
    }
    if let Some(ids) = scope {
        query = query.filter(purchase_orders::location_id.eq_any(ids.to_vec()));
    }
    crate::newest_first!(query, purchase_orders::id, cursor, size, conn)
}

/// Units and value (minor units) of each order listed.
pub fn totals(
    conn: &mut DbConnection,
    ids: &[PurchaseOrderId],
) -> QueryResult<Vec<(PurchaseOrderId, i64, i64)>> {
    let rows: Vec<(PurchaseOrderId, i64, i64)> = purchase_order_lines::table
        .filter(purchase_order_lines::purchase_order_id.eq_any(ids))
        .select((
            purchase_order_lines::purchase_order_id,
            purchase_order_lines::quantity,
            purchase_order_lines::unit_cost,
        ))
        .load(conn)?;
    let mut totals: Vec<(PurchaseOrderId, i64, i64)> = Vec::new();
    for (id, units, cost) in rows {
        match totals.iter_mut().find(|(t, _, _)| *t == id) {
            Some((_, u, v)) => {
                *u += units;
                *v += units * cost;
            }
            None => totals.push((id, units, units * cost)),
        }
    }
    Ok(totals)
}

pub fn lines_of(
    conn: &mut DbConnection,
    id: PurchaseOrderId,
) -> QueryResult<Vec<PurchaseOrderLine>> {
    type Row = (
        (PurchaseOrderLineId, VariantId, String, String),
        (Option<String>, Option<String>, Option<String>),
        (i64, i64, i64),
        Option<String>,
    );
    let rows: Vec<Row> = purchase_order_lines::table
        .inner_join(variants::table.inner_join(products::table))
        .left_join(
            variant_suppliers::table
                .on(variant_suppliers::variant_id.eq(purchase_order_lines::variant_id)),
        )
        .filter(purchase_order_lines::purchase_order_id.eq(id))
        .order(purchase_order_lines::id.asc())
        .select((
            (
                purchase_order_lines::id,
                variants::id,
                variants::sku,
                products::title,
            ),
            (variants::option1, variants::option2, variants::option3),
            (
                purchase_order_lines::quantity,
                purchase_order_lines::unit_cost,
                purchase_order_lines::received,
            ),
            variant_suppliers::supplier_sku.nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, variant_id, sku, title),
                (o1, o2, o3),
                (quantity, unit_cost, received),
                code,
            )| {
                PurchaseOrderLine {
                    id,
                    variant_id,
                    sku,
                    supplier_sku: code.unwrap_or_default(),
                    title,
                    options: options_label([o1, o2, o3]),
                    quantity,
                    unit_cost,
                    received,
                }
            },
        )
        .collect())
}
