//! Staff limited to locations: the owner's page that sets it, and the scope every inventory
//! page and export asks for before it shows or changes stock.

mod commands;
mod handlers;
mod routes;
mod scope;
mod views;

pub use routes::configure;
pub(super) use scope::{LocationScope, admit_at, scope_for};
