//! Stocktake writes: starting a count (`start`), counting its lines (`counting`), posting or
//! abandoning it (`closing`); stock moves only through the ledger's writer.

mod closing;
mod counting;
mod start;
mod table;

pub use closing::{abandon_count, post_count};
pub use counting::{Outside, ScanOutcome, record_line, scan, zero_uncounted};
pub use start::{StartOutcome, start_count};
