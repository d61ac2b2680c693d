//! The inventory list's parameters: which location, which products (the catalog's own search
//! and filters), which stock, the sort and the page. Every view is its URL.

use serde::Deserialize;

use crate::domain::ids::{CategoryId, LocationId, VariantId};
use crate::web::pagination::{CanonicalQuery, page_size};

/// The query string as typed: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StockParams {
    pub q: String,
    pub location: String,
    pub category: String,
    pub vendor: String,
    pub stock: String,
    pub sort: String,
    pub per: String,
    pub after: String,
    pub before: String,
}

/// Which stock to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockState {
    All,
    /// Available + incoming at or below the reorder point (at the location, or at any).
    Low,
    /// Nothing available.
    Out,
    /// Fewer than zero available: promised beyond what is held (backorders).
    Negative,
    /// Variants that do not track stock.
    Untracked,
}

impl StockState {
    pub const ALL: [StockState; 5] = [
        StockState::All,
        StockState::Low,
        StockState::Out,
        StockState::Negative,
        StockState::Untracked,
    ];

    pub fn parse(text: &str) -> StockState {
        StockState::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .unwrap_or(StockState::All)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StockState::All => "",
            StockState::Low => "low",
            StockState::Out => "out",
            StockState::Negative => "negative",
            StockState::Untracked => "untracked",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StockState::All => "All tracked",
            StockState::Low => "Low stock",
            StockState::Out => "Out of stock",
            StockState::Negative => "Negative available",
            StockState::Untracked => "Not tracked",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockSort {
    Title,
    Sku,
    AvailableAsc,
    AvailableDesc,
}

impl StockSort {
    pub const ALL: [StockSort; 4] = [
        StockSort::Sku,
        StockSort::Title,
        StockSort::AvailableAsc,
        StockSort::AvailableDesc,
    ];

    pub fn parse(text: &str) -> StockSort {
        StockSort::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .unwrap_or(StockSort::Sku)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StockSort::Title => "title",
            StockSort::Sku => "sku",
            StockSort::AvailableAsc => "available_asc",
            StockSort::AvailableDesc => "available_desc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StockSort::Title => "Product A–Z",
            StockSort::Sku => "SKU A–Z",
            StockSort::AvailableAsc => "Available, fewest first",
            StockSort::AvailableDesc => "Available, most first",
        }
    }
}

/// The checked filter.
#[derive(Debug, Clone)]
pub struct StockFilter {
    pub q: String,
    /// None: every location, summed.
    pub location: Option<LocationId>,
    pub category: Option<CategoryId>,
    pub vendor: Option<String>,
    pub stock: StockState,
    pub sort: StockSort,
    pub per_page: i64,
    /// The one variant whose SKU or barcode the search is, exactly (typed or scanned): the
    /// list shows its row only, not its siblings. Set once the search is resolved.
    pub exact: Option<VariantId>,
}

impl StockFilter {
    pub fn from_params(params: &StockParams) -> StockFilter {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        StockFilter {
            q: params.q.trim().chars().take(200).collect(),
            location: params.location.trim().parse().ok(),
            category: params.category.trim().parse().ok(),
            vendor: some(&params.vendor),
            stock: StockState::parse(&params.stock),
            sort: StockSort::parse(&params.sort),
            exact: None,
            per_page: page_size(&params.per),
        }
    }

    /// Whether the products are narrowed (search, category or vendor): then the catalog's
    /// filter picks them first.
    pub fn narrows_products(&self) -> bool {
        !self.q.is_empty() || self.category.is_some() || self.vendor.is_some()
    }
}

/// The canonical query of a view, cursor aside: defaults left out.
pub fn canonical_query(params: &StockParams) -> CanonicalQuery<'_> {
    let sort = StockSort::parse(&params.sort);
    let per = page_size(&params.per);
    CanonicalQuery::default()
        .param("q", &params.q)
        .param("location", &params.location)
        .param("category", &params.category)
        .param("vendor", &params.vendor)
        .param("stock", StockState::parse(&params.stock).as_str())
        .param(
            "sort",
            // SKU order is the default: it walks the SKU index, so a page costs the same
            // whatever the catalog's size (product-title order sorts every variant).
            if sort == StockSort::Sku {
                ""
            } else {
                sort.as_str()
            },
        )
        .param(
            "per",
            if per == crate::web::pagination::DEFAULT_PAGE_SIZE {
                ""
            } else {
                params.per.as_str()
            },
        )
}
