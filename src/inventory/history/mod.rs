//! The ledger's pages: a variant's history and every movement, with filters and CSV export.

mod filter;
mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
