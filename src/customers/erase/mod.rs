//! Erasing a customer's personal data for good (a right-to-erasure request): asked first, with
//! the email typed to confirm and a reason; what the shop must keep stays, detached.

mod commands;
mod handlers;

pub(super) use handlers::{erase, erase_form};
