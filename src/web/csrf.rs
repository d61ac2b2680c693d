//! Cross-site request forgery defence, applied to every state-changing request by [`check`]:
//! 1. the browser's own word — `Sec-Fetch-Site` must not be cross-site, `Origin` (when sent)
//!    must be ours;
//! 2. a token that only our pages know: for signed-in staff the per-session token kept in the
//!    server-side session; before sign-in an HMAC of a random cookie (signed double submit),
//!    so the sign-in page costs no session write.
//!
//! Forms send the token in the `csrf_token` field; htmx sends it in `X-CSRF-Token` (set once on
//! `<body hx-headers>`).

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, HttpRequest, ResponseError, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::app::AppState;
use crate::error::AppError;
use crate::web::cookies;

pub const FIELD: &str = "csrf_token";
pub const HEADER: &str = "X-CSRF-Token";
/// Session state key holding a signed-in session's token.
pub const SESSION_KEY: &str = "csrf";
const ANON_COOKIE: &str = "backroom_csrf";

/// Largest urlencoded body read while looking for the token; the same limit forms have.
pub const FORM_LIMIT: usize = 64 * 1024;

/// A fresh random token (256 bits, URL-safe base64).
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

#[derive(Clone)]
struct IssuedToken(String);

/// The token to put in this page's forms. Issues the pre-sign-in cookie when needed.
pub fn token(req: &HttpRequest, key: &[u8]) -> String {
    if let Some(issued) = req.extensions().get::<IssuedToken>() {
        return issued.0.clone();
    }
    let token = match req.get_session().get::<String>(SESSION_KEY) {
        Ok(Some(session_token)) => session_token,
        _ => {
            let seed = match req.cookie(ANON_COOKIE) {
                Some(cookie) if is_well_formed(cookie.value()) => cookie.value().to_owned(),
                _ => {
                    let seed = random_token();
                    cookies::queue(req, anon_cookie(seed.clone()));
                    seed
                }
            };
            anonymous_token(key, &seed)
        }
    };
    req.extensions_mut().insert(IssuedToken(token.clone()));
    token
}

fn anon_cookie(seed: String) -> Cookie<'static> {
    Cookie::build(ANON_COOKIE, seed)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .finish()
}

fn is_well_formed(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn anonymous_token(key: &[u8], seed: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(b"backroom-csrf-v1:");
    mac.update(seed.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

fn is_safe_method(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

/// Middleware: refuses a state-changing request without a valid token or from another site,
/// with 403 and before any handler runs.
pub async fn check(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // The API authenticates by bearer token, which a cross-site page cannot send.
    if is_safe_method(req.method()) || crate::web::api::is_api(req.path()) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(reject(
            req,
            AppError::Unexpected("application state missing".into()),
        ));
    };
    if !same_origin(&req, &state.settings.public_origin) {
        tracing::info!(path = %req.path(), "cross-site request refused");
        return Ok(reject(req, AppError::Csrf));
    }
    let mut submitted = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    // Form bodies are read here whether or not the token came in a header: one place enforces
    // the size limit, and an oversized body is drained before the 413 goes out.
    if is_urlencoded(&req) {
        match read_body(&mut req).await {
            Ok(body) => {
                if submitted.is_none() {
                    submitted = url::form_urlencoded::parse(&body)
                        .find(|(name, _)| name == FIELD)
                        .map(|(_, value)| value.into_owned());
                }
                req.set_payload(actix_web::dev::Payload::from(body));
            }
            Err(error) => return Ok(reject(req, error)),
        }
    }
    // A file upload without JavaScript cannot set a header, and its token is a field of a
    // multipart body this layer does not read (it may be many megabytes): the handler's reader
    // checks it, with `check_body_token`, before it reads the file.
    if submitted.is_none()
        && req
            .content_type()
            .eq_ignore_ascii_case("multipart/form-data")
    {
        req.extensions_mut().insert(TokenInBody);
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let expected = expected_token(req.request(), &state.keys.csrf);
    let had_token = submitted.as_deref().is_some_and(is_well_formed);
    let valid = match (submitted, expected) {
        (Some(submitted), Some(expected)) => {
            bool::from(submitted.as_bytes().ct_eq(expected.as_bytes()))
        }
        _ => false,
    };
    if !valid {
        tracing::info!(path = %req.path(), "request with a missing or wrong CSRF token refused");
        // A well-formed token from one of our pages, posted to a signed-in page from this site,
        // that no longer matches: the session it came from has ended. Still refused; the answer
        // says so, and how to keep the typed values.
        let error = if had_token && req.path().starts_with("/admin") {
            AppError::SessionEnded
        } else {
            AppError::Csrf
        };
        return Ok(reject(req, error));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Left by the CSRF check on a multipart request whose token is in its body.
#[derive(Clone, Copy)]
pub struct TokenInBody;

/// The token this request's session (or, before sign-in, its anonymous cookie) expects.
fn expected_token(req: &HttpRequest, key: &[u8]) -> Option<String> {
    match req.get_session().get::<String>(SESSION_KEY) {
        Ok(Some(session_token)) => Some(session_token),
        _ => req
            .cookie(ANON_COOKIE)
            .filter(|c| is_well_formed(c.value()))
            .map(|c| anonymous_token(key, c.value())),
    }
}

/// For a multipart reader: `Ok` when the request needs no body token (a header carried it) or
/// `submitted`, the body's `csrf_token` field, is right. Call it before reading the file.
pub fn check_body_token(req: &HttpRequest, submitted: Option<&str>) -> Result<(), AppError> {
    if req.extensions().get::<TokenInBody>().is_none() {
        return Ok(());
    }
    let key = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.keys.csrf.clone())
        .ok_or_else(|| AppError::Unexpected("application state missing".into()))?;
    match (submitted, expected_token(req, &key)) {
        (Some(submitted), Some(expected))
            if bool::from(submitted.as_bytes().ct_eq(expected.as_bytes())) =>
        {
            Ok(())
        }
        (Some(submitted), _) if is_well_formed(submitted) && req.path().starts_with("/admin") => {
            Err(AppError::SessionEnded)
        }
        _ => Err(AppError::Csrf),
    }
}

fn reject(req: ServiceRequest, error: AppError) -> ServiceResponse<BoxBody> {
    req.into_response(error.error_response())
}

/// The browser says where the request came from; anything but our own origin is refused.
/// Requests without these headers (old browsers, scripts) still need the token.
fn same_origin(req: &ServiceRequest, public_origin: &str) -> bool {
    if let Some(site) = req
        .headers()
        .get("Sec-Fetch-Site")
        .and_then(|v| v.to_str().ok())
    {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match req.headers().get("Origin").map(|v| v.to_str()) {
        None => true,
        Some(Ok(origin)) => {
            let info = req.connection_info();
            let own = format!("{}://{}", info.scheme(), info.host());
            origin.eq_ignore_ascii_case(public_origin) || origin.eq_ignore_ascii_case(&own)
        }
        Some(Err(_)) => false,
    }
}

fn is_urlencoded(req: &ServiceRequest) -> bool {
    req.content_type()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// Bodies up to this size are read to the end before a 413 is sent, so the client, still
/// sending, receives the answer instead of a reset connection. Larger ones are cut off at once.
const DRAIN_LIMIT: usize = 2 * 1024 * 1024;

async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, AppError> {
    let declared = req
        .headers()
        .get("Content-Length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > DRAIN_LIMIT) {
        return Err(AppError::PayloadTooLarge);
    }
    let mut payload = req.take_payload();
    let mut body = BytesMut::new();
    let mut seen = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| AppError::BadRequest("The request body could not be read.".into()))?;
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            return Err(AppError::PayloadTooLarge);
        }
        if seen <= FORM_LIMIT {
            body.extend_from_slice(&chunk);
        }
    }
    if seen > FORM_LIMIT {
        return Err(AppError::PayloadTooLarge);
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_tokens_depend_on_key_and_seed() {
        let seed = random_token();
        assert!(is_well_formed(&seed));
        let a = anonymous_token(b"key one", &seed);
        assert_eq!(a, anonymous_token(b"key one", &seed));
        assert_ne!(a, anonymous_token(b"key two", &seed));
        assert_ne!(a, anonymous_token(b"key one", &random_token()));
    }

    #[test]
    fn malformed_seed_cookies_are_ignored() {
        assert!(!is_well_formed(""));
        assert!(!is_well_formed("short"));
        assert!(!is_well_formed(&"a;".repeat(22)[..43]));
    }
}
