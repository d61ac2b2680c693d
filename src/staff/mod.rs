//! Staff accounts: sign-in and sign-out, the first-run setup link, roles and permissions,
//! passwords, throttling, the owner's staff management and each person's own account page.

pub mod access;
pub mod accounts;
pub mod auth_handlers;
pub mod forms;
pub mod handlers;
pub mod models;
pub mod passwords;
pub mod permissions;
pub mod queries;
pub mod routes;
pub mod setup;
pub mod throttle;
pub mod views;
