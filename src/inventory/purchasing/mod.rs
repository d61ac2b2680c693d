//! Purchase orders: a supplier, a destination, an expected day and lines (variant, units, unit
//! cost); placed (incoming), received in part or in full (cost per item averaged), closed or
//! cancelled; printable, with its lines as CSV.

mod actions;
mod commands;
mod forms;
mod handlers;
mod lines;
mod models;
mod queries;
mod routes;
mod views;

pub use routes::configure;
// The low-stock list drafts orders the way a person does.
pub(super) use commands::{
    cancel as cancel_purchase_order, place as place_purchase_order,
    receive as receive_purchase_order, save_purchase_order,
};
pub(super) use models::{DraftChanges as PurchaseOrderDraft, PurchaseOrderStatus};
