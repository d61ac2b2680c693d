//! The Settings page (owners only): who the shop is, how it shows money, times and weights, and
//! how orders are numbered. The values every page needs are read through `crate::shop`.

mod commands;
mod forms;
mod handlers;
mod models;
mod queries;
mod routes;
mod views;

pub use routes::configure;
