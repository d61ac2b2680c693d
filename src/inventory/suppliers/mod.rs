//! Suppliers: who stock is bought from, and each variant's default supplier with the
//! supplier's own code for it.

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod variants;
mod views;

pub use routes::configure;
// The movements page offers the variant's default supplier; purchase orders name suppliers.
pub(super) use queries::{choices as supplier_choices, default_of as default_supplier};
