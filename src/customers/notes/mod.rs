//! Staff notes on a customer: a timeline of who wrote what and when. Editing a note keeps the
//! old text in the audit log and marks the note edited.

mod commands;
mod handlers;
mod queries;
mod views;

pub(super) use handlers::{add_note, edit_note, update_note};
pub(super) use queries::{Note, notes_of};
