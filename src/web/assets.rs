//! Static files compiled into the binary, served with an ETag and long caching. URLs carry a
//! content hash (`?v=…`) so a new build is fetched at once despite the long cache lifetime.

use std::sync::OnceLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::RustEmbed;
use sha2::{Digest, Sha256};

#[derive(RustEmbed)]
#[folder = "static/"]
struct Static;

/// The versioned URLs of the assets every page loads.
#[derive(Debug)]
pub struct AssetUrls {
    pub css: String,
    pub js: String,
    pub htmx: String,
}

fn versioned(path: &str) -> String {
    match Static::get(path) {
        Some(file) => format!(
            "/static/{path}?v={}",
            &hex::encode(file.metadata.sha256_hash())[..12]
        ),
        None => format!("/static/{path}"),
    }
}

pub fn urls() -> &'static AssetUrls {
    static URLS: OnceLock<AssetUrls> = OnceLock::new();
    URLS.get_or_init(|| AssetUrls {
        css: versioned("css/app.css"),
        js: versioned("js/app.js"),
        htmx: versioned("vendor/htmx.min.js"),
    })
}

/// `GET /static/{path}`.
pub async fn serve_static(req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let Some(file) = Static::get(path.as_str()) else {
        return HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("Not found");
    };
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(&file.data)[..16]));
    let cache = "public, max-age=31536000, immutable";
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|tag| tag.trim() == etag));
    if matches {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    let mime = mime_guess::from_path(path.as_str()).first_or_octet_stream();
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            mime.essence_str().to_owned()
                + if mime.type_() == "text" || mime.subtype() == "javascript" {
                    "; charset=utf-8"
                } else {
                    ""
                },
        ))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(file.data.into_owned())
}
