//! HTTP glue shared by every area: routing with declared access, middleware, the page shell,
//! forms, flash messages, static assets and error pages.

pub mod api;
pub mod assets;
pub mod client;
pub mod confirm;
pub mod cookies;
pub mod crud;
pub mod csrf;
pub mod documents;
pub mod error_pages;
pub mod extract;
pub mod filters;
pub mod flash;
pub mod forms;
pub mod guard;
pub mod headers;
pub mod htmx;
pub mod pagination;
mod render;
pub mod request_log;
pub mod routing;
pub mod session_store;
pub mod shell;
pub mod upload;

pub use render::render;
