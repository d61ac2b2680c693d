//! Inventory: stock per variant per location on a ledger that is the only way a level moves.
//!
//! Sub-areas, each with the house's file set: `stock/` (the ledger's one writer, orders'
//! reservations, the check), `locations/`, `list/` (the inventory page), `adjust/` (changing
//! on hand by hand, with a reason), `history/` (the movements pages), `import/` (the inventory
//! CSV import with its dry run); beside them the checked
//! values (`domain`) and the demo data (`demo`).

mod access;
mod adjust;
mod api;
mod counts;
mod demo;
mod domain;
mod history;
mod import;
mod list;
mod locations;
mod product;
mod purchasing;
mod reasons;
mod reorder;
mod routes;
mod stock;
mod suppliers;
mod transfers;
mod valuation;

pub use api::ApiDoc;
pub use demo::generate as generate_demo;
pub use domain::{ActorKind, MovementKind, Quantity, ReferenceKind, StockReference};
pub use routes::configure;
pub use stock::{
    Balance, Difference, Fulfilment, Line, Movement, Recorded, Recorder, Shortage, StockError,
    StockWatcher, check_ledger, fulfil, level, record,
};
