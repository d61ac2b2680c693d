//! The audit trail: one row per state-changing staff action, written by [`record`] inside the
//! same transaction as the change, so a rolled-back change leaves no row and a committed one
//! always has its row.

mod activity;
mod describe;
mod handlers;
mod queries;
mod record;
mod routes;
mod views;

pub use activity::{Activity, recent_activity};
pub use queries::{AuditFilter, count_action_since, count_since, people_named, person_named};
pub use record::{Entry, changed_fields, record};
pub use routes::configure;
