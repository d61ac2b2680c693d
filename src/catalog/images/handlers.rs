//! Image handlers: upload, serve, and the form under each image.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::check::check_image;
use super::commands::{self, DELETE_QUESTION};
use super::forms::{ImageChange, ImageForm, read_upload};
use super::problem::UploadProblem;
use super::queries;
use crate::app::{AppState, take_turn};
use crate::auth::Actor;
use crate::db;
use crate::domain::ids::{ImageId, ProductId};
use crate::error::AppError;
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::htmx;
use crate::web::shell::Shell;

fn product_path(product_id: ProductId) -> String {
    format!("/admin/products/{product_id}#images")
}

/// `POST /admin/products/{id}/images` (multipart: `file`, optional `alt`).
pub async fn upload_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    product_id: web::Path<ProductId>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let product_id = product_id.into_inner();
    // A refused file goes back to the product page, which says why inside its upload form.
    let refused = |problem: UploadProblem| {
        htmx::redirect(
            &req,
            &format!(
                "/admin/products/{product_id}?upload_error={}#images",
                problem.code()
            ),
        )
    };
    let upload = match read_upload(&req, payload).await? {
        Ok(upload) => upload,
        Err(problem) => return Ok(refused(problem)),
    };
    let bytes = upload.bytes;
    // One decode at a time: a 40-megapixel image takes 160 MB while it is decoded.
    let turn = take_turn(&state.heavy.image_decodes, "images").await?;
    let checked = match web::block(move || {
        let checked = check_image(bytes);
        drop(turn);
        checked
    })
    .await
    .map_err(|_| AppError::Unexpected("image check cancelled".into()))?
    {
        Ok(checked) => checked,
        Err(problem) => return Ok(refused(problem)),
    };
    let alt = upload.alt;
    let added = db::run(&state.pool, move |conn| {
        commands::add_image(conn, &actor, product_id, &alt, &checked)
    })
    .await;
    match added {
        Ok(()) => Ok(flash::redirect(
            &req,
            &product_path(product_id),
            FlashMessage::success("Image added."),
        )),
        // The one rule `add_image` checks besides the product existing: the image count.
        Err(AppError::Validation(_)) => Ok(refused(UploadProblem::TooMany)),
        Err(other) => Err(other),
    }
}

/// Serves an image or its thumbnail: immutable content, so a long cache with an ETag.
async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    (product_id, image_id): (ProductId, ImageId),
    thumbnail: bool,
) -> Result<HttpResponse, AppError> {
    let found = db::run(&state.pool, move |conn| {
        Ok(queries::content(conn, product_id, image_id, thumbnail)?)
    })
    .await?;
    let (sha, content_type, bytes) = found.ok_or(AppError::NotFound)?;
    let etag = format!("\"{}{}\"", &sha[..32], if thumbnail { "-t" } else { "" });
    let cache = "private, max-age=31536000, immutable";
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let content_type = if thumbnail {
        "image/jpeg".to_owned()
    } else {
        content_type
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}

/// `GET /admin/products/{id}/images/{image}`
pub async fn show_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(ProductId, ImageId)>,
) -> Result<HttpResponse, AppError> {
    serve(req, state, path.into_inner(), false).await
}

/// `GET /admin/products/{id}/images/{image}/thumbnail`
pub async fn show_thumbnail(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(ProductId, ImageId)>,
) -> Result<HttpResponse, AppError> {
    serve(req, state, path.into_inner(), true).await
}

/// `POST /admin/products/{id}/images/{image}`: alt text, move up or down, or delete.
pub async fn update_image(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(ProductId, ImageId)>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let ids = path.into_inner();
    let form: ImageForm = posted.form()?;
    let change = form.change();
    if matches!(change, ImageChange::Delete) && !posted.confirmed() {
        let question = Question {
            heading: "Delete this image?".into(),
            message: DELETE_QUESTION.into(),
            button: "Delete image".into(),
            cancel: product_path(ids.0),
        };
        return posted.ask(shell, question);
    }
    let alt = form.alt_text();
    let message = db::run(&state.pool, move |conn| {
        commands::change_image(conn, &actor, ids, &change, &alt)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &product_path(ids.0),
        FlashMessage::success(message),
    ))
}
