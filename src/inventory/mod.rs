//! Inventory: stock per variant per location on a ledger that is the only way a level moves.
//!
//! Sub-areas, each with the house's file set:
//! - `stock/`: the ledger's one writer (`record`, `expect`), levels opened when tracking starts
//!   or a location opens, the orders' reservations, reorder settings and `is_low`, the check,
//!   and `StockWatcher` (inventory's answer to the catalog's variant hooks);
//! - `locations/`, `reasons/`, `suppliers/`: the records stock moves between and with;
//! - `list/` (the inventory page and its export), `product/` (a product's stock per location),
//!   `adjust/` (changing on hand by hand, with a reason), `history/` (movements, a variant's
//!   history and what is on the way), `valuation/`;
//! - documents with lines, moved through `crate::documents`: `transfers/`, `purchasing/`
//!   (purchase orders), `counts/` (stocktakes);
//! - `reorder/` (reorder points and the low-stock page), `import/` (the stock CSV import with
//!   its dry run, applied as a job), `access/` (staff limited to locations: `scope_for`);
//! - `api/`: the storefront's read endpoints of the JSON API (products, availability).
//!
//! Beside them the checked values and kinds (`domain`), the dashboard's figures (`overview`)
//! and the demo data (`demo`).

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
mod overview;
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
pub use import::purge_unapplied as purge_unapplied_stock_checks;
pub use overview::{InventoryOverview, RecentStockImport, inventory_overview};
pub use routes::configure;
pub use stock::{
    Balance, Difference, Fulfilment, Line, Movement, Recorded, Recorder, Shortage, StockError,
    StockWatcher, check_ledger, fulfil, level, record,
};
