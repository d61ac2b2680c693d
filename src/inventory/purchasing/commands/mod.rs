//! Purchase order writes: drafts (`draft`), and placing, receiving, closing and cancelling
//! (`receiving`), stock moving only through the ledger's writer.

mod draft;
mod receiving;

use super::models::PurchaseOrderStatus;
use super::queries;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::PurchaseOrderId;
use crate::error::AppError;
use crate::inventory::access::admit_at;

pub use draft::save_purchase_order;
pub use receiving::{cancel, close, place, receive};

/// Who may change a purchase order: those who work at its location.
pub fn admit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: PurchaseOrderId,
    _: PurchaseOrderStatus,
) -> Result<(), AppError> {
    let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    admit_at(conn, actor, &[order.location_id])
}
