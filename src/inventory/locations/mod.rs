//! Stock locations: the list, the form, deactivation (refused while stock is held there).

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod views;

pub use models::Location;
pub use queries::{active as active_locations, all as all_locations, require_active};
pub use routes::configure;
