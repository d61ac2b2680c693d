//! Product writes: the only writers of a product and its variants, each with its audit row in
//! the same transaction.

mod costs;
mod derived;
mod lifecycle;
mod save;
mod snapshot;

pub use costs::set_variant_costs;
pub use derived::refresh_derived;
pub use lifecycle::{ON_SALE_BEFORE, archive_product, delete_product};
pub use save::{SaveOutcome, save_product, save_product_in};
