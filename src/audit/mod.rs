//! The audit trail: one row per state-changing staff action, written by [`record`] inside the
//! same transaction as the change, so a rolled-back change leaves no row and a committed one
//! always has its row.

mod handlers;
mod queries;
mod record;
mod routes;
mod views;

pub use queries::{AuditFilter, AuditRow, count_action_since, count_since, list as recent_entries};
pub use record::{Entry, changed_fields, record};
pub use routes::configure;
