//! Cookies decided while handling a request (a new CSRF cookie, a consumed flash message) that
//! must be set on whatever response goes out. Handlers and extractors queue them in the request
//! extensions; [`apply_pending`] adds them to the response.

use actix_web::body::MessageBody;
use actix_web::cookie::Cookie;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest};

#[derive(Default)]
struct PendingCookies(Vec<Cookie<'static>>);

/// Queues a cookie to be set on the response to this request.
pub fn queue(req: &HttpRequest, cookie: Cookie<'static>) {
    let mut extensions = req.extensions_mut();
    match extensions.get_mut::<PendingCookies>() {
        Some(pending) => pending.0.push(cookie),
        None => {
            extensions.insert(PendingCookies(vec![cookie]));
        }
    }
}

/// Middleware: sets the queued cookies on the response.
pub async fn apply_pending(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let pending = response
        .request()
        .extensions_mut()
        .remove::<PendingCookies>();
    if let Some(pending) = pending {
        for cookie in pending.0 {
            if let Err(error) = response.response_mut().add_cookie(&cookie) {
                tracing::warn!(%error, "could not set cookie");
            }
        }
    }
    Ok(response)
}
