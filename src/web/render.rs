//! Rendering a page: every handler answers through [`render`], so pages and fragments are
//! built the same way and a status other than 200 (422, 409) is said where it is chosen.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::error::AppError;

/// Bytes reserved for a rendered page (the product list of 50 rows is about 47 KB).
const RENDER_BUFFER: usize = 64 * 1024;

/// Renders a template into a response with `status`.
pub fn render<T: askama::Template>(
    status: StatusCode,
    template: &T,
) -> Result<HttpResponse, AppError> {
    // Room for a whole list page up front: growing the buffer by doubling from askama's
    // estimate copied a 40 KB page several times over.
    let mut body = String::with_capacity(T::SIZE_HINT.max(RENDER_BUFFER));
    template.render_into(&mut body)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}
