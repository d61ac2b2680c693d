//! The catalog: products with options and variants, categories, images, search, bulk edits and
//! CSV import/export.

pub mod bulk;
pub mod cache;
pub mod categories;
pub mod change_sets;
pub mod csv_io;
pub mod demo;
pub mod domain;
pub mod facets;
pub mod filter;
pub mod forms;
pub mod handlers;
pub mod images;
pub mod import_jobs;
pub mod models;
pub mod queries;
pub mod routes;
pub mod save;
pub mod search;
pub mod search_cache;
mod state;

pub use state::CatalogState;
pub mod views;
