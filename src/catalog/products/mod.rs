//! Products with options and variants: the list, the form with its variant matrix, saving
//! (the only writer of a product and its variants), archive and delete.

mod commands;
mod forms;
mod handlers;
mod input;
mod list;
mod merge;
mod models;
mod parse;
mod queries;
mod removal;
mod routes;
mod views;

pub use routes::configure;

// What the catalog's other parts (images, bulk edits, the CSV import, the menus, demo data)
// use of products: reads, the one writer, and the raw input the import fills in.
pub(super) use commands::{SaveOutcome, refresh_derived, save_product_in};
pub(super) use input::{OptionRow, ProductInput, VariantRow, sentence};
pub(super) use models::NewProduct;
pub(super) use queries::{
    all_categories, filtered, find, find_by_handle, images_of, popular_tags, product_types,
    total_products, variants_of, vendors,
};
// Inventory lists the variants of the products the catalog's filter picks.
pub use queries::matching_ids;
// Receiving stock sets costs per item.
pub use commands::set_variant_costs;
