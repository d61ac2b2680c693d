//! The product list's parameters, filters and sorts, shared by the list, the export and bulk
//! edits. The paging itself is `web::pagination`'s.

use serde::Deserialize;

use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::Facets;
use crate::domain::ids::CategoryId;
use crate::web::pagination::{CanonicalQuery, DEFAULT_PAGE_SIZE, page_size};

/// The list's query string, as typed: every field optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub status: String,
    pub category: String,
    pub vendor: String,
    #[serde(rename = "type")]
    pub product_type: String,
    pub tag: String,
    pub sort: String,
    /// Rows per page: one of `web::pagination::PAGE_SIZES`.
    pub per: String,
    pub after: String,
    pub before: String,
}

/// Which products: the filters of the list, also used by export and bulk edits.
#[derive(Debug, Clone, Default)]
pub struct ProductFilter {
    pub q: String,
    pub status: Option<ProductStatus>,
    /// The chosen category and its descendants.
    pub category_ids: Option<Vec<CategoryId>>,
    pub vendor: Option<String>,
    pub product_type: Option<String>,
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    UpdatedDesc,
    UpdatedAsc,
    TitleAsc,
    TitleDesc,
    PriceAsc,
    PriceDesc,
}

impl Sort {
    pub const ALL: [Sort; 6] = [
        Sort::UpdatedDesc,
        Sort::UpdatedAsc,
        Sort::TitleAsc,
        Sort::TitleDesc,
        Sort::PriceAsc,
        Sort::PriceDesc,
    ];

    pub fn parse(text: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or(Sort::UpdatedDesc)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sort::UpdatedDesc => "updated_desc",
            Sort::UpdatedAsc => "updated_asc",
            Sort::TitleAsc => "title_asc",
            Sort::TitleDesc => "title_desc",
            Sort::PriceAsc => "price_asc",
            Sort::PriceDesc => "price_desc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::UpdatedDesc => "Recently updated",
            Sort::UpdatedAsc => "Least recently updated",
            Sort::TitleAsc => "Title A–Z",
            Sort::TitleDesc => "Title Z–A",
            Sort::PriceAsc => "Price, low to high",
            Sort::PriceDesc => "Price, high to low",
        }
    }
}

impl ProductFilter {
    /// The filter a list's parameters ask for; a category brings its descendants.
    pub fn from_params(params: &ListParams, facets: &Facets) -> ProductFilter {
        let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ProductFilter {
            q: params.q.trim().chars().take(200).collect(),
            status: ProductStatus::parse(&params.status),
            category_ids: params
                .category
                .trim()
                .parse::<CategoryId>()
                .ok()
                .map(|id| facets.with_descendants(id)),
            vendor: some(&params.vendor),
            product_type: some(&params.product_type),
            tag: some(&params.tag),
        }
    }
}

/// The canonical query string of a list view: filters in a fixed order, the default sort left
/// out, no cursor.
pub fn canonical_query(params: &ListParams, sort: Sort) -> CanonicalQuery<'_> {
    CanonicalQuery::default()
        .param("q", &params.q)
        .param("status", &params.status)
        .param("category", &params.category)
        .param("vendor", &params.vendor)
        .param("type", &params.product_type)
        .param("tag", &params.tag)
        .param(
            "sort",
            if sort == Sort::UpdatedDesc {
                ""
            } else {
                sort.as_str()
            },
        )
        .param(
            "per",
            match params.per.trim() {
                per if page_size(per) == DEFAULT_PAGE_SIZE => "",
                per => per,
            },
        )
}
