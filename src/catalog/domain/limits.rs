//! How much a product may have.

/// At most three options per product (Size, Colour, Material), as merchants know from Shopify.
pub const MAX_OPTIONS: usize = 3;
/// At most this many values per option.
pub const MAX_OPTION_VALUES: usize = 100;
/// At most this many variants per product.
pub const MAX_VARIANTS: usize = 2048;
pub const MAX_TAGS: usize = 50;
