//! The integration tests: one binary (it links once), a module per area. Each test boots the
//! real application on port 0 against a fresh database; see `common`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod api;
mod architecture;
mod audit;
mod browser;
mod browser_customers;
mod browser_inventory;
mod browser_layout;
mod browser_tokens;
mod browser_work;
mod bulk;
mod catalog;
mod cli;
mod confirmations;
mod counts;
mod customers;
mod formats;
mod imports;
mod inventory;
mod limits;
mod money;
mod purchasing;
mod races;
mod reorder;
mod security;
mod settings;
mod sign_in;
mod staff;
mod stock_import;
mod stock_rows;
mod suppliers;
mod transfers;
