//! The inventory page: one row per variant with on hand, committed, available and incoming, at
//! one location or summed over all, searched and narrowed with the catalog's own filter.

mod export;
mod filter;
mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
