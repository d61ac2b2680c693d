//! The catalog: products with options and variants, categories, images, search, bulk edits and
//! CSV import/export.
//!
//! Sub-areas, each with the house's file set: `products/`, `categories/`; catalog-wide pieces
//! beside them: the checked values (`domain`), the read models (`models`), the list's filters
//! (`filter`), the menus (`facets`, `cache`), search (`search`, `search_cache`) and the state
//! the server keeps (`state`).

mod bulk;
mod cache;
mod categories;
mod demo;
mod domain;
mod facets;
mod filter;
mod images;
mod import;
mod models;
mod overview;
mod products;
mod routes;
mod search;
mod search_cache;
mod state;

pub use demo::generate as generate_demo;
pub use domain::{ProductStatus, options_label};
pub use facets::Facets;
pub use filter::ProductFilter;
pub use import::{Purged, purge_stored_files};
pub use overview::{CatalogOverview, catalog_overview};
pub use products::matching_ids as matching_product_ids;
pub use products::set_variant_costs;
pub use routes::configure;
pub use search::index_product;
pub use state::CatalogState;
