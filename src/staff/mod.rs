//! Staff accounts: sign-in and sign-out, the first-run setup link, the owner's staff
//! management and each person's own account page. Roles, passwords and sessions themselves
//! are the foundation's (`crate::auth`).

mod account;
mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod setup;
mod sign_in;
mod views;

pub use routes::configure;

// For the command line, demo data and the dashboard.
pub use commands::{create as create_account, replace_password};
pub use forms::NewStaffForm;
pub use models::Staff;
pub use queries::{count, count_active, email_taken, find_by_email_key, list};
pub use setup::issue_token as issue_setup_token;
