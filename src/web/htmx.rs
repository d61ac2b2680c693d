//! htmx request detection and the responses htmx understands.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};

/// True when htmx made the request (and expects a fragment).
pub fn is_htmx(req: &HttpRequest) -> bool {
    req.headers().contains_key("HX-Request")
        && !req.headers().contains_key("HX-History-Restore-Request")
}

/// A redirect that works with and without htmx: `HX-Redirect` for htmx, 303 otherwise.
pub fn redirect(req: &HttpRequest, location: &str) -> HttpResponse {
    if is_htmx(req) {
        HttpResponse::Ok()
            .insert_header(("HX-Redirect", location))
            .finish()
    } else {
        HttpResponse::build(StatusCode::SEE_OTHER)
            .insert_header(("Location", location))
            .finish()
    }
}

/// The page the browser shows, from `HX-Current-URL`, as a local path.
pub fn current_url_path(req: &HttpRequest) -> Option<String> {
    let current = req.headers().get("HX-Current-URL")?.to_str().ok()?;
    let parsed = url::Url::parse(current).ok()?;
    let mut path = parsed.path().to_owned();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(query);
    }
    Some(path)
}
