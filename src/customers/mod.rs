//! Customers: people who buy from the shop, with their addresses, tags, a note and their email
//! marketing consent (and its history); a searchable list paged by keyset. Contact details are
//! masked for those who may not see them. Orders (a later area) attach to customers; customers
//! never name orders.

mod addresses;
mod commands;
mod demo;
mod duplicates;
mod erase;
mod export;
mod filter;
mod forms;
mod handlers;
mod merge;
mod models;
mod notes;
mod page;
mod privacy;
mod queries;
mod routes;
mod search;
mod state;
mod views;

pub use demo::generate as generate_demo;
pub use routes::configure;
pub use state::CustomerState;
