//! Categories: a tree with unique slugs. Listing with product counts, add, rename and move
//! (never under itself), and delete — which asks where the category's products go and hands its
//! subcategories to its parent.

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod views;

pub use routes::configure;
