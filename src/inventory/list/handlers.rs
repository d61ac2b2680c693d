//! The inventory page: `GET /admin/inventory`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::filter::{StockFilter, StockParams, canonical_query};
use super::queries::{PRODUCT_CAP, exact_variant, stock_page};
use super::views::{StockListPage, StockListResults, StockView};
use crate::app::AppState;
use crate::auth::Permission;
use crate::catalog::{CatalogState, ProductFilter, matching_product_ids};
use crate::db;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::adjust::reason_choices;
use crate::inventory::locations::active_locations;
use crate::web::htmx;
use crate::web::pagination::{Cursor, PageLinks, page_url};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/inventory`
pub async fn list_stock(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<StockParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let filter = StockFilter::from_params(&params);
    let cursor = Cursor::from_params(&params.after, &params.before);
    let facets = catalog.facets(&state.pool).await?;
    let products = filter.narrows_products().then(|| ProductFilter {
        q: filter.q.clone(),
        category_ids: filter.category.map(|id| facets.with_descendants(id)),
        vendor: filter.vendor.clone(),
        ..ProductFilter::default()
    });
    let read = (filter.clone(), cursor.clone());
    let me = shell.staff.as_ref().map(|s| s.id);
    let (locations, reasons, (rows, more), too_broad, (location, limited)) =
        db::run(&state.pool, move |conn| {
            let (mut filter, cursor) = read;
            // Staff limited to locations see only theirs: the first of them unless one is chosen.
            let scope = scope_for(conn, me)?;
            if let Some(allowed) = scope.limit() {
                match filter.location {
                    Some(location) => scope.check(location)?,
                    None => filter.location = allowed.first().copied(),
                }
            }
            let locations: Vec<_> = active_locations(conn)?
                .into_iter()
                .filter(|l| scope.allows(l.id))
                .collect();
            let reasons = reason_choices(conn)?;
            let picked = match products {
                Some(products) => Some(matching_product_ids(conn, &products, PRODUCT_CAP + 1)?),
                None => None,
            };
            let too_broad = picked
                .as_ref()
                .is_some_and(|ids| ids.len() as i64 > PRODUCT_CAP);
            filter.exact = exact_variant(conn, &filter.q)?;
            let page = stock_page(conn, &filter, picked.as_deref(), cursor.as_ref())?;
            let limited = scope.limit().is_some();
            Ok((
                locations,
                reasons,
                page,
                too_broad,
                (filter.location, limited),
            ))
        })
        .await?;
    let query = canonical_query(&params).encode();
    let sort = filter.sort;
    let links = PageLinks::new(
        "/admin/inventory",
        &query,
        &rows,
        cursor.as_ref(),
        more,
        |row| Cursor::encode(&row.sort_value(sort), row.variant_id.get()),
    );
    let here = page_url("/admin/inventory", &query, cursor.as_ref());
    let filtered = canonical_query(&params).has_other_than(&["sort", "per", "location"]);
    let view = StockView {
        params,
        query: query.clone(),
        rows,
        links,
        locations,
        location,
        limited,
        reasons,
        can_adjust: shell.can(Permission::InventoryAdjust),
        can_manage: shell.can(Permission::InventoryManage),
        filtered,
        too_broad,
        back: StockView::back_query(&here),
        here: here.clone(),
        editor: None,
        saved: false,
        fragment: false,
        per_location: None,
    };
    if htmx::targets(&req, "stock-results") {
        let mut response = render(StatusCode::OK, &StockListResults { shell, view })?;
        htmx::push_url(&mut response, &here);
        Ok(response)
    } else {
        render(
            StatusCode::OK,
            &StockListPage {
                shell,
                view,
                facets,
            },
        )
    }
}
