//! Inventory CSV import: a dry run that checks every row against the shop and lists what each
//! level would become (nothing written), then — on confirmation — the lines applied as a
//! background job through the ledger's writer, each a movement with its reason.

mod commands;
mod format;
mod handlers;
mod models;
mod plan;
mod queries;
mod routes;
mod rows;
mod views;

pub use commands::purge_unapplied;
pub use routes::configure;
