//! HTTP glue shared by every area: routing with declared access, middleware, the page shell,
//! forms, flash messages, static assets and error pages.

pub mod assets;
pub mod client;
pub mod cookies;
pub mod csrf;
pub mod error_pages;
pub mod extract;
pub mod flash;
pub mod forms;
pub mod guard;
pub mod headers;
pub mod htmx;
pub mod pagination;
pub mod request_log;
pub mod routing;
pub mod session_store;
pub mod shell;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

/// Renders a template with a status other than 200 (a form re-rendered with 422, a 409).
/// Bytes reserved for a rendered page (the product list's is about 39 KB).
const RENDER_BUFFER: usize = 48 * 1024;

pub fn render<T: askama::Template>(
    status: StatusCode,
    template: &T,
) -> Result<HttpResponse, crate::error::AppError> {
    // Room for a whole list page up front: growing the buffer by doubling from askama's
    // estimate copied a 40 KB page several times over.
    let mut body = String::with_capacity(T::SIZE_HINT.max(RENDER_BUFFER));
    template.render_into(&mut body)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}
