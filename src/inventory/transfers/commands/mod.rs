//! Transfer writes: the only writer of transfers and their lines (`draft`), and their moves
//! (`moves`), stock moving only through the ledger's writer.

mod draft;
mod moves;
mod table;

pub use draft::save_draft;
pub use moves::{cancel, close_short, receive, send};
