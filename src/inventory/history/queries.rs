//! Reading the ledger: a page of movements, newest first, with what each names.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::filter::MovementFilter;
use crate::db::schema::{locations, products, stock_movements, stock_reasons, variants};
use crate::db::{DbBackend, DbConnection, id_in};
use crate::domain::ids::{LocationId, MovementId, ProductId, StaffId, VariantId};
use crate::inventory::domain::{ActorKind, MovementKind, ReferenceKind};

#[derive(Debug, Clone, Queryable)]
pub struct MovementRow {
    pub id: MovementId,
    pub created_at: NaiveDateTime,
    pub variant_id: VariantId,
    pub sku: String,
    pub product_id: ProductId,
    pub title: String,
    pub location_id: LocationId,
    pub location: String,
    pub kind: MovementKind,
    pub on_hand_change: i64,
    pub committed_change: i64,
    pub on_hand_after: i64,
    pub committed_after: i64,
    pub reason: Option<String>,
    pub note: String,
    pub actor_kind: ActorKind,
    pub staff_id: Option<StaffId>,
    pub actor: String,
    pub reference_kind: Option<ReferenceKind>,
    pub reference_id: Option<i64>,
}

/// Up to `limit` movements matching `filter`, newest first (a page after `after` is read
/// oldest first and turned round).
pub fn movements(
    conn: &mut DbConnection,
    filter: &MovementFilter,
    limit: i64,
) -> QueryResult<Vec<MovementRow>> {
    let mut query = stock_movements::table
        .inner_join(variants::table.inner_join(products::table))
        .inner_join(locations::table)
        .left_join(stock_reasons::table)
        .into_boxed::<DbBackend>();
    if let Some(variant) = filter.variant {
        query = query.filter(stock_movements::variant_id.eq(variant));
    }
    if let Some(location) = filter.location {
        query = query.filter(stock_movements::location_id.eq(location));
    }
    if let Some(allowed) = &filter.allowed {
        query = query.filter(id_in(stock_movements::location_id, allowed));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(stock_movements::kind.eq(kind));
    }
    if let Some(reason) = filter.reason {
        query = query.filter(stock_movements::reason_id.eq(reason));
    }
    if let Some(staff) = filter.staff {
        query = query.filter(stock_movements::staff_id.eq(staff));
    }
    if let Some(from) = filter.from {
        query = query.filter(stock_movements::created_at.ge(from));
    }
    if let Some(until) = filter.until {
        query = query.filter(stock_movements::created_at.lt(until));
    }
    let newer_first = filter.after.is_none();
    if let Some(before) = filter.before.filter(|_| newer_first) {
        query = query.filter(stock_movements::id.lt(before));
    }
    if let Some(after) = filter.after {
        query = query.filter(stock_movements::id.gt(after));
    }
    query = if newer_first {
        query.order(stock_movements::id.desc())
    } else {
        query.order(stock_movements::id.asc())
    };
    let mut rows: Vec<MovementRow> = query
        .select((
            stock_movements::id,
            stock_movements::created_at,
            stock_movements::variant_id,
            variants::sku,
            products::id,
            products::title,
            stock_movements::location_id,
            locations::name,
            stock_movements::kind,
            stock_movements::on_hand_change,
            stock_movements::committed_change,
            stock_movements::on_hand_after,
            stock_movements::committed_after,
            stock_reasons::label.nullable(),
            stock_movements::note,
            stock_movements::actor_kind,
            stock_movements::staff_id,
            stock_movements::actor,
            stock_movements::reference_kind,
            stock_movements::reference_id,
        ))
        .limit(limit)
        .load(conn)?;
    if !newer_first {
        rows.reverse();
    }
    // People by name, not by the sign-in email the ledger keeps.
    let names = crate::audit::people_named(conn, rows.iter().filter_map(|r| r.staff_id))?;
    for row in &mut rows {
        if let Some(name) = row.staff_id.and_then(|id| names.get(&id)) {
            row.actor = name.clone();
        }
    }
    Ok(rows)
}

/// The menus: locations (all, deactivated too), reasons, and the people who moved stock.
pub type Menus = (
    Vec<(LocationId, String)>,
    Vec<(i64, String)>,
    Vec<(StaffId, String)>,
);

pub fn menus(conn: &mut DbConnection) -> QueryResult<Menus> {
    let locations = locations::table
        .order((
            locations::active.desc(),
            locations::priority.asc(),
            locations::name.asc(),
        ))
        .select((locations::id, locations::name))
        .load(conn)?;
    let reasons = stock_reasons::table
        .order(stock_reasons::position.asc())
        .select((stock_reasons::id, stock_reasons::label))
        .load(conn)?;
    let people = crate::db::schema::staff::table
        .order(crate::db::schema::staff::name.asc())
        .select((crate::db::schema::staff::id, crate::db::schema::staff::name))
        .load(conn)?;
    Ok((locations, reasons, people))
}

/// An open transfer or purchase order bringing a variant's units to a location.
#[derive(Debug, Clone)]
pub struct OnTheWay {
    pub reference: ReferenceKind,
    pub id: i64,
    pub location: String,
    pub units: i64,
    /// The supplier, for a purchase order.
    pub supplier: Option<String>,
    pub expected_on: Option<String>,
}

impl OnTheWay {
    pub fn link(&self) -> String {
        match self.reference {
            ReferenceKind::Transfer => format!("/admin/inventory/transfers/{}", self.id),
            _ => format!("/admin/inventory/purchase-orders/{}", self.id),
        }
    }
}

/// Where a variant's incoming units are: transfers in transit and placed purchase orders with
/// units still to arrive, at `allowed` locations (all when none), oldest first.
pub fn on_the_way(
    conn: &mut DbConnection,
    variant: VariantId,
    allowed: Option<&[LocationId]>,
) -> QueryResult<Vec<OnTheWay>> {
    use crate::db::schema::{
        purchase_order_lines, purchase_orders, suppliers, transfer_lines, transfers,
    };
    use crate::inventory::purchasing::PurchaseOrderStatus;
    use crate::inventory::transfers::TransferStatus;

    let mut sent = transfer_lines::table
        .inner_join(transfers::table)
        .inner_join(locations::table.on(locations::id.eq(transfers::to_location_id)))
        .filter(transfer_lines::variant_id.eq(variant))
        .filter(transfers::status.eq(TransferStatus::Sent))
        .into_boxed::<DbBackend>();
    if let Some(allowed) = allowed {
        sent = sent.filter(id_in(transfers::to_location_id, allowed));
    }
    let sent: Vec<(i64, String, i64)> = sent
        .order(transfers::id.asc())
        .select((
            transfers::id,
            locations::name,
            transfer_lines::quantity - transfer_lines::received - transfer_lines::written_off,
        ))
        .load(conn)?;
    let mut ordered = purchase_order_lines::table
        .inner_join(purchase_orders::table.inner_join(suppliers::table))
        .inner_join(locations::table.on(locations::id.eq(purchase_orders::location_id)))
        .filter(purchase_order_lines::variant_id.eq(variant))
        .filter(
            purchase_orders::status
                .eq_any([PurchaseOrderStatus::Ordered, PurchaseOrderStatus::Partial]),
        )
        .into_boxed::<DbBackend>();
    if let Some(allowed) = allowed {
        ordered = ordered.filter(id_in(purchase_orders::location_id, allowed));
    }
    let ordered: Vec<(i64, String, i64, String, Option<String>)> = ordered
        .order(purchase_orders::id.asc())
        .select((
            purchase_orders::id,
            locations::name,
            purchase_order_lines::quantity - purchase_order_lines::received,
            suppliers::name,
            purchase_orders::expected_on,
        ))
        .load(conn)?;
    let transfers = sent.into_iter().map(|(id, location, units)| OnTheWay {
        reference: ReferenceKind::Transfer,
        id,
        location,
        units,
        supplier: None,
        expected_on: None,
    });
    let orders = ordered
        .into_iter()
        .map(|(id, location, units, supplier, expected_on)| OnTheWay {
            reference: ReferenceKind::PurchaseOrder,
            id,
            location,
            units,
            supplier: Some(supplier),
            expected_on,
        });
    Ok(transfers.chain(orders).filter(|w| w.units > 0).collect())
}
