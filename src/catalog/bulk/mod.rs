//! Bulk edits: choose products (ticked rows, or everything matching the list filter), choose an
//! operation and preview every change (before → after); apply it as a change set, listed and
//! shown with its changes, and revert it without overwriting later edits. Applying and
//! reverting run in the background in chunks, with their progress on the change set's page
//! and resume after an interruption (see [`crate::jobs`]).

mod commands;
mod forms;
mod handlers;
mod imported;
mod lines;
mod models;
mod operation;
mod pricing;
mod queries;
mod revert;
mod routes;
mod views;

pub use routes::configure;

// What the CSV import uses to record its change set, so that an import can be undone.
pub(super) use imported::{
    ImportedAfter, ImportedBefore, begin_import_set, finish_import_set, record_imported,
};
