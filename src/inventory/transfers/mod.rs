//! Transfers between locations: a draft with lines, sent (stock leaves the origin and is
//! incoming at the destination), received in full or in part, closed (a shortfall written off
//! as lost in transit) or cancelled (what is on the way goes back); a printable sheet.

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
// Demo data sends a transfer the way a person does.
pub(super) use commands::{save_draft, send};
pub(super) use models::{DraftChanges, TransferStatus};
