//! `GET /admin/inventory/products/{id}/stock`: a product's stock, variants by locations. The
//! product page loads it into its Stock section with htmx, and links to it without.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::queries;
use super::views::ProductStockPage;
use crate::app::AppState;
use crate::db;
use crate::domain::ids::ProductId;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::web::render;
use crate::web::shell::Shell;

pub async fn product_stock(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<ProductId>,
) -> Result<HttpResponse, AppError> {
    let product = id.into_inner();
    let me = shell.staff.as_ref().map(|s| s.id);
    let (title, levels) = db::run(&state.pool, move |conn| {
        let title = queries::title_of(conn, product)?.ok_or(AppError::NotFound)?;
        let scope = scope_for(conn, me)?;
        let mut levels = queries::product_levels(conn, product)?;
        levels.retain(|l| scope.allows(l.3));
        Ok((title, levels))
    })
    .await?;
    render(
        StatusCode::OK,
        &ProductStockPage::build(shell, (product, title), levels),
    )
}
