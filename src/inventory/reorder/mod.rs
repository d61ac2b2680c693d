//! Reorder points: per level (the adjust page), for every level a view lists (the inventory
//! page), and the low-stock list that drafts purchase orders per default supplier.

mod commands;
mod forms;
mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::configure;
