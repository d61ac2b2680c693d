//! CSV export and import of the catalog, one row per variant. Import is two steps: a dry run
//! that reports what would be created, updated or left alone and every row error with its line
//! number, then — only on confirmation — applying it, in chunks with progress and resume.

mod commands;
mod diff;
mod downloads;
mod format;
mod handlers;
mod models;
mod plan;
mod queries;
mod routes;
mod rows;
mod shopify;
mod views;

pub use commands::{Purged, purge_stored_files};
pub use routes::configure;
