//! Bulk edits: choose products (ticked rows, or everything matching the list filter), choose an
//! operation and preview every change (before → after); apply it as a change set, listed and
//! shown with its changes, and revert it without overwriting later edits. Applying and
//! reverting run in the background in chunks, with their progress on the change set's page
//! and resume after an interruption (see [`crate::jobs`]).

mod commands;
mod forms;
mod handlers;
mod lines;
mod models;
mod operation;
mod pricing;
mod queries;
mod routes;
mod views;

pub use routes::configure;
