//! The inventory page: one row per variant with on hand, committed, available and incoming, at
//! one location or summed over all, searched and narrowed with the catalog's own filter.

mod editor;
mod export;
mod filter;
mod handlers;
mod picker;
mod picker_query;
mod queries;
mod routes;
mod row;
mod select;
mod views;

pub use routes::configure;
// Bulk reorder settings apply to what a view lists.
pub(super) use filter::{StockParams, canonical_query as stock_query};
pub(super) use queries::PRODUCT_CAP;
// A variant's history says where it stands now.
pub(super) use queries::{LocationLevel, levels_of};
pub(super) use select::selected;
// The adjust and reorder posts answer a row's form with that row.
pub(super) use editor::RowEditor;
pub(super) use row::{RowAnswer, targets_row};
