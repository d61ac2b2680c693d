//! Stock levels and their ledger: the one writer of levels and movements (`ledger`), levels
//! opened when tracking starts (`tracking`) or a location opens (`opening`), the orders' reservations (`reservations`), and
//! the check that the levels equal their ledger (`check`).

mod check;
mod codes;
mod ledger;
mod opening;
mod refusal;
mod reorder;
mod reservations;
mod tracking;

pub use check::{Difference, check_ledger};
pub use codes::{Codebook, resolve_lines};
pub use ledger::{
    Balance, Movement, Recorded, Recorder, expect, level, open_levels, record, record_all,
};
pub use opening::open_location_levels;
pub use refusal::{Shortage, StockError};
pub use reorder::{Reorder, is_low, set_reorder};
pub use reservations::{Fulfilment, Line, fulfil};
pub use tracking::{StockWatcher, start_tracking};
