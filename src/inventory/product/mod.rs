//! A product's stock per variant per location, for the product page.

mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
