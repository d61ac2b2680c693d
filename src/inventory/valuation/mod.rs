//! Stock value at cost, per location and in total, on a page and as CSV.

mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
