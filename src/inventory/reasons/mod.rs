//! The reasons a stock movement can give: data the shop extends, retired rather than deleted.

mod commands;
mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
