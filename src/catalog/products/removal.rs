//! Archiving and deleting a product: the pages and posts that take a product out of the shop.
//! Folder-private, like `handlers.rs`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self};
use super::queries::{self};
use super::views::{DeleteProductPage, archive_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::catalog::CatalogState;
use crate::db;
use crate::domain::ids::ProductId;
use crate::error::AppError;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `POST /admin/products/{id}/archive`
pub async fn archive_product(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ProductId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let product = db::run(&state.pool, move |conn| {
            queries::find(conn, id)?.ok_or(AppError::NotFound)
        })
        .await?;
        let question = archive_question(&id.to_string(), &product.title, product.variant_count);
        return posted.ask(shell, question);
    }
    db::run(&state.pool, move |conn| {
        commands::archive_product(conn, &actor, id)
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        &format!("/admin/products/{id}"),
        FlashMessage::success("Product archived."),
    ))
}

/// `GET /admin/products/{id}/delete`: asks first.
pub async fn confirm_delete_product(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<ProductId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let product = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    if product.ever_active {
        return Err(AppError::Conflict(commands::ON_SALE_BEFORE.into()));
    }
    render(
        StatusCode::OK,
        &DeleteProductPage {
            shell,
            product_id: id,
            title: product.title,
            variant_count: product.variant_count,
        },
    )
}

/// `POST /admin/products/{id}/delete`
pub async fn delete_product(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ProductId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let title = db::run(&state.pool, move |conn| {
        commands::delete_product(conn, &actor, id)
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        "/admin/products",
        FlashMessage::success(format!("{title} was deleted.")),
    ))
}
