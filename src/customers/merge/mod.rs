//! Merging two customers who are one person: the fields chosen from either, their addresses,
//! tags, notes and consent history moved to the one kept, the other removed, in one audited
//! transaction.

mod commands;
mod handlers;
mod views;

pub(super) use handlers::{merge, merge_form};
