//! Security headers on every response (pages, fragments, errors, static files) and the Host check.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use crate::app::AppState;
use crate::error::AppError;

/// No inline script anywhere; styles only from our stylesheet; nothing from other hosts.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                   font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                   base-uri 'none'; object-src 'none'";

/// Middleware: checks the Host header, then adds the headers to whatever comes back.
pub async fn security(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>();
    let host_allowed =
        state.is_none_or(|state| host_is_allowed(&req, &state.settings.allowed_hosts));
    let https = state.is_some_and(|state| state.settings.secure_cookies);
    // (The request cannot be cloned here to turn an inner `Err` into a response: routing needs
    // sole ownership of it. Inner layers answer with responses instead; see DbSessionStore::load.)
    let mut response = if host_allowed {
        next.call(req).await?.map_into_boxed_body()
    } else {
        req.into_response(
            AppError::BadRequest("Unknown host. Add it to BACKROOM_ALLOWED_HOSTS.".into())
                .error_response(),
        )
    };
    // Static files, and images that chose their own caching (immutable product images), may be
    // cached; everything else, above all every page, is no-store.
    // (A 304 has no content type: an image's 304 keeps the policy its 200 has.)
    let is_image_with_policy = (response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("image/"))
        || response.status() == actix_web::http::StatusCode::NOT_MODIFIED)
        && response.headers().contains_key(header::CACHE_CONTROL);
    let cacheable = (response.request().path().starts_with("/static/") || is_image_with_policy)
        && (response.status().is_success()
            || response.status() == actix_web::http::StatusCode::NOT_MODIFIED);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if !cacheable {
        // Admin pages carry shop data: never keep them in a cache.
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    headers.remove(header::SERVER);
    if https {
        // Served over https: browsers keep to https for a year, and every cookie (session,
        // the pre-sign-in CSRF cookie, flash messages) travels only over https.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
        secure_every_cookie(headers);
    }
    Ok(response)
}

/// Adds `Secure` to every `Set-Cookie` that lacks it: one rule for every cookie, whichever
/// part of the application set it.
fn secure_every_cookie(headers: &mut actix_web::http::header::HeaderMap) {
    let cookies: Vec<HeaderValue> = headers.get_all(header::SET_COOKIE).cloned().collect();
    if cookies.is_empty() {
        return;
    }
    headers.remove(header::SET_COOKIE);
    for cookie in cookies {
        let secured = match cookie.to_str() {
            Ok(text) if !has_secure(text) => {
                HeaderValue::from_str(&format!("{text}; Secure")).unwrap_or(cookie)
            }
            _ => cookie,
        };
        headers.append(header::SET_COOKIE, secured);
    }
}

fn has_secure(set_cookie: &str) -> bool {
    set_cookie
        .split(';')
        .skip(1)
        .any(|attribute| attribute.trim().eq_ignore_ascii_case("secure"))
}

fn host_is_allowed(req: &ServiceRequest, allowed: &[String]) -> bool {
    if allowed.iter().any(|h| h == "*") {
        return true;
    }
    let Some(host) = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
    else {
        // HTTP/1.0 without Host: nothing to rebind.
        return true;
    };
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    allowed.iter().any(|h| h.eq_ignore_ascii_case(name))
}
