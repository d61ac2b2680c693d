//! What the endpoints answer, as JSON: money as exact decimal strings in the shop's currency.

use serde::Serialize;
use utoipa::ToSchema;

/// A page of products.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductList {
    pub items: Vec<ApiProduct>,
    /// Pass as `after` for the next page; null on the last page.
    pub next: Option<String>,
}

/// An active product.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProduct {
    pub id: i64,
    pub handle: String,
    pub title: String,
    pub vendor: String,
    pub product_type: String,
    /// ISO 4217 code of every amount.
    pub currency: String,
    pub variants: Vec<ApiVariant>,
}

/// A variant with its price and what can be sold now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiVariant {
    pub id: i64,
    pub sku: String,
    pub barcode: Option<String>,
    /// The option values, in the product's option order (`["Blue", "M"]`).
    pub options: Vec<String>,
    /// Exact decimal, like "12.50".
    #[schema(example = "12.50")]
    pub price: String,
    #[schema(example = "15.00")]
    pub compare_at_price: Option<String>,
    /// Whether Backroom counts this variant's stock.
    pub tracked: bool,
    /// On hand less committed, over every location; null when the stock is not tracked.
    pub available: Option<i64>,
    /// Whether it may be ordered beyond what is available.
    pub allow_backorder: bool,
}

/// Availability of the SKUs asked for, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct AvailabilityList {
    pub items: Vec<Availability>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Availability {
    /// As asked.
    pub sku: String,
    /// On hand less committed over every location; null for an unknown SKU or a variant whose
    /// stock is not tracked (see `known` and `tracked`).
    pub available: Option<i64>,
    /// Whether a variant has this SKU.
    pub known: bool,
    pub tracked: bool,
}
