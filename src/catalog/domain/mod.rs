//! Catalog values: SKUs, handles, barcodes, tags, status, options and the variant matrix. Each
//! parser trims, checks and returns a message fit to show next to the field.

mod codes;
mod limits;
mod options;
mod status;

pub use codes::{Handle, Sku, parse_barcode, parse_tags, tag_key};
pub use limits::{MAX_OPTIONS, MAX_TAGS, MAX_VARIANTS};
pub use options::{ProductOption, combination_key, options_label, parse_option, variant_matrix};
pub use status::ProductStatus;
