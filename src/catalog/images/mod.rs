//! Product images: upload (JPEG, PNG or WebP; the content is sniffed and fully decoded, the file
//! name and declared type are not trusted), a thumbnail made here, storage in the database (so
//! backups and several instances just work), serving with an ETag and long caching, alt text,
//! order and deletion. The first image is the product's cover in the list.

mod check;
mod commands;
mod forms;
mod handlers;
mod problem;
mod queries;
mod routes;

pub use routes::configure;

// Demo data stores generated pictures the same way an upload does.
pub(super) use check::check_image;
pub(super) use commands::{DELETE_QUESTION, save_alt_texts, store_image};
pub(super) use problem::upload_problem_message;
