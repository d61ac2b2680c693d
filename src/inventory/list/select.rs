//! The variants a view of the inventory page selects, all of them (not a page): what a bulk
//! change to that view applies to.

use super::filter::{StockFilter, StockParams};
use super::queries::{PRODUCT_CAP, exact_variant, stock_page};
use crate::app::AppState;
use crate::catalog::{CatalogState, ProductFilter, matching_product_ids};
use crate::db;
use crate::domain::ids::{LocationId, VariantId};
use crate::error::AppError;

/// The most levels one bulk change touches.
pub const MAX_SELECTED: i64 = 20_000;

/// The location the view shows (a bulk change needs one) and the variants it lists there.
pub async fn selected(
    state: &AppState,
    catalog: &CatalogState,
    params: &StockParams,
) -> Result<(LocationId, Vec<VariantId>), AppError> {
    let mut filter = StockFilter::from_params(params);
    let Some(location) = filter.location else {
        return Err(AppError::Validation(
            "Choose a location first: reorder points are set per location.".into(),
        ));
    };
    filter.per_page = MAX_SELECTED;
    let facets = catalog.facets(&state.pool).await?;
    let products = filter.narrows_products().then(|| ProductFilter {
        q: filter.q.clone(),
        category_ids: filter.category.map(|id| facets.with_descendants(id)),
        vendor: filter.vendor.clone(),
        ..ProductFilter::default()
    });
    let variants = db::run(&state.pool, move |conn| {
        let picked = match products {
            Some(products) => Some(matching_product_ids(conn, &products, PRODUCT_CAP + 1)?),
            None => None,
        };
        filter.exact = exact_variant(conn, &filter.q)?;
        let (rows, _) = stock_page(conn, &filter, picked.as_deref(), None)?;
        Ok(rows.into_iter().map(|r| r.variant_id).collect())
    })
    .await?;
    Ok((location, variants))
}
