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
        let mut response = HttpResponse::Ok();
        response.insert_header(("HX-Redirect", location));
        // A location that differs only by its `#fragment` would merely scroll, leaving the old
        // page (and the flash message unread): `HX-Refresh` makes htmx reload it.
        if location.contains('#') {
            response.insert_header(("HX-Refresh", "true"));
        }
        response.finish()
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

/// True when htmx asks for the element with this id only (`HX-Target`), e.g. a list's
/// results while the filters stay on the page.
pub fn targets(req: &HttpRequest, id: &str) -> bool {
    is_htmx(req)
        && req
            .headers()
            .get("HX-Target")
            .is_some_and(|target| target == id)
}

/// Sets `HX-Push-Url`, so the address bar shows the canonical URL of what htmx swapped in.
pub fn push_url(response: &mut HttpResponse, url: &str) {
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(url) {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("hx-push-url"),
            value,
        );
    }
}

/// Asks the page to show a toast (`HX-Trigger`, read by app.js) for a fragment answer that has
/// no flash area of its own, e.g. a list row saved in place. The header carries JSON with every
/// non-ASCII character escaped, as header values are bytes, not text.
pub fn toast(response: &mut HttpResponse, level: &str, message: &str) {
    let event = serde_json::json!({ "backroom:toast": { "level": level, "message": message } });
    let mut ascii = String::new();
    for c in event.to_string().chars() {
        if c.is_ascii() {
            ascii.push(c);
        } else {
            let mut units = [0_u16; 2];
            for unit in c.encode_utf16(&mut units) {
                ascii.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&ascii) {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("hx-trigger"),
            value,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toast_header_is_ascii_json_that_reads_back_as_the_message() {
        let mut response = HttpResponse::Ok().finish();
        toast(&mut response, "success", "Added 1,178 − “Main” 🙂");
        let header = response
            .headers()
            .get("hx-trigger")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(header.is_ascii());
        let read: serde_json::Value = serde_json::from_str(header).unwrap();
        assert_eq!(read["backroom:toast"]["message"], "Added 1,178 − “Main” 🙂");
    }
}
