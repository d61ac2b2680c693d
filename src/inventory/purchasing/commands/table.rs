//! The purchase_orders table for `documents`: its marker, and who may move one of its documents
//! (asked by `documents` before every move, so no route can forget it).

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{purchase_order_lines, purchase_orders};
use crate::domain::ids::PurchaseOrderId;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::purchasing::models::PurchaseOrderStatus;
use crate::inventory::purchasing::queries;

crate::document_table!(
    PurchaseOrders,
    purchase_orders,
    PurchaseOrderId,
    PurchaseOrderStatus,
    "purchase order",
    "purchase_order",
    admit = admit
);

crate::draft_table!(
    PurchaseOrders,
    purchase_orders,
    purchase_order_lines,
    purchase_order_id,
    PurchaseOrderStatus::Draft,
    "inventory.purchase_order"
);

/// Who may change a purchase order: those who work at its location.
fn admit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    _: PurchaseOrderStatus,
) -> Result<(), AppError> {
    let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    admit_at(conn, actor, &[order.location_id])
}
