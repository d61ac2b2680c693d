//! Purchase order writes: drafts (`draft`), and placing, receiving, closing and cancelling
//! (`receiving`), stock moving only through the ledger's writer.

mod draft;
mod receiving;
mod table;

pub use draft::save_purchase_order;
pub use receiving::{cancel, close, place, receive};
