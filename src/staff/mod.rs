//! Staff accounts: sign-in and sign-out, the first-run setup link, roles and permissions,
//! passwords, throttling, the owner's staff management and each person's own account page.

pub mod account;
pub mod accounts;
pub mod forms;
pub mod handlers;
pub mod models;
pub mod queries;
pub mod routes;
pub mod setup;
pub mod sign_in;
pub mod views;

pub use queries::count_active;
