//! Changing on hand by hand: add, remove or set to, always with a reason.

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod views;

pub use routes::configure;
// The inventory list's row forms offer the same reasons.
pub(super) use queries::reason_choices;
