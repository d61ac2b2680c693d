//! Documents with lines (transfers, purchase orders, stocktakes; next orders, fulfilments,
//! returns and refunds): the one way a document's status changes.
//!
//! A status change is one conditional `UPDATE … WHERE id = ? AND status = ? AND version = ?`
//! in the caller's transaction. Zero rows means another request changed the document first:
//! the answer is a 409 worded from the transition table, never a second move. On PostgreSQL
//! (read committed) the UPDATE also takes the row lock, so a concurrent request waits, then
//! finds the status moved on; on SQLite the IMMEDIATE transaction already serialises writers.
//! Everything the move writes (stock, lines, the audit row) comes after the claim, so it is
//! written once, by the request that won it.
//!
//! This module names no area: an area describes its table with [`document_table!`] and its
//! status with [`Lifecycle`] (declared with [`lifecycle!`](crate::lifecycle)); a document
//! whose draft is saved whole adds `draft_table!` and saves through [`save_draft`]; a receipt
//! against its lines starts with [`take_arrivals`]. Lines pasted as text ("TEE-M 4") are read
//! by [`parse_pasted`].

mod drafts;
mod lines;
mod moves;
mod receipts;
mod table;

pub use drafts::{DraftWrite, save_draft};
pub use lines::{MAX_LINES, PasteRules, Pasted, PastedLine, Repeats, lines_text, parse_pasted};
pub use moves::{
    Claim, Moved, Stale, admit, claim, current, editable, hold, hold_version, lock_in, may_become,
    record, refusal, settle, transition, unchanged,
};
pub use receipts::{OverReceipt, ReceivedLine, Taking, receipt_done, take_arrivals, units_taken};
pub use table::{DocumentTable, DraftTable, Lifecycle, State, admit_anyone};
