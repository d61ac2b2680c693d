//! The product list page: filters, search, sort and paging. Folder-private, like `handlers.rs`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::queries::{self, COUNT_CAP};
use super::views::{ListRow, ListState, ListView, count_label};
use crate::app::AppState;
use crate::auth::Permission;
use crate::catalog::CatalogState;
use crate::catalog::filter::{ListParams, ProductFilter, Sort};
use crate::db;
use crate::error::AppError;
use crate::web::pagination::{Cursor, PageLinks, page_size, page_url};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

/// `GET /admin/products`
pub async fn list_products(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let params = params.into_inner();
    let filter = ProductFilter::from_params(&params, &facets);
    let sort = Sort::parse(&params.sort);
    let cursor = Cursor::from_params(&params.after, &params.before);
    let list = ListState::new(&params, sort);
    let unfiltered_total = (!list.filtered).then_some(facets.total_products);
    let shared = catalog.clone();
    let page_cursor = (cursor.clone(), page_size(&params.per));
    let (rows, more, matching) = db::run(&state.pool, move |conn| {
        let cache = &shared.search;
        Ok(queries::list_page(
            conn,
            cache,
            filter,
            sort,
            page_cursor,
            unfiltered_total,
        )?)
    })
    .await?;
    let capped = list.filtered && matching > COUNT_CAP;
    let links = PageLinks::new(
        "/admin/products",
        &list.query,
        &rows,
        cursor.as_ref(),
        more,
        |row| queries::cursor_of(row, sort),
    );
    let view = ListView {
        rows: rows
            .into_iter()
            .map(|row| ListRow::new(row, &shell.shop))
            .collect(),
        count_label: count_label(matching, capped, COUNT_CAP),
        matching,
        capped,
        links,
        can_edit: shell.can(Permission::CatalogEdit),
        can_import: shell.can(Permission::CatalogImport),
        state: list,
    };
    let response = if htmx::targets(&req, "product-results") {
        // The canonical URL of this view (empty filters dropped) with its cursor, for the
        // address bar: reload, Back and a shared link show this page again.
        let canonical = page_url("/admin/products", &view.state.query, cursor.as_ref());
        let mut response = render(StatusCode::OK, &view.results(shell))?;
        htmx::push_url(&mut response, &canonical);
        response
    } else {
        render(StatusCode::OK, &view.page(shell, facets))?
    };
    Ok(response.map_into_boxed_body())
}

/// `GET /admin/products/count?…`: the exact number of products a list's filters match, as the
/// fragment that replaces "1,000+" in the bulk bar once the page has shown.
pub async fn count_products(
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let filter = ProductFilter::from_params(&params, &facets);
    let matching = db::run(&state.pool, move |conn| {
        Ok(queries::exact_count(conn, &filter)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(format!(
            r#"<span id="matching-count">{}</span>"#,
            crate::domain::words::grouped(matching)
        )))
}
