//! Stocktakes: count a location's variants in a scope on a sheet (a row at a time, or with a
//! scan box), review the variances in units and at cost, and post them as one transaction, or
//! abandon the count. The rule for stock that moves meanwhile is `domain::count_rule`.

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod sheet;
mod views;

pub use routes::configure;
// Demo data opens a count the way a person does.
pub(super) use commands::{StartOutcome, record_line, start_count};
pub(super) use models::Scope;
