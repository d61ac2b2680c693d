//! The shop's own settings as every page needs them (name, currency, time zone, how times and
//! weights are shown), read through a short-lived cache. The Settings page (`crate::settings`)
//! edits the full row, which also holds the legal name, address and order numbering.

mod cache;
mod settings;
mod time;
mod units;

pub use cache::ShopCache;
pub use settings::{DEFAULT_NAME, Shop, initial, load, set_name};
pub use time::When;
pub use units::{TimeDisplay, WeightUnit};
