//! The dashboard: the first page after sign-in. Real counts of what exists so far; the
//! dashboard issue replaces it with sales and stock figures.

mod handlers;
mod routes;
mod views;

pub use routes::configure;
