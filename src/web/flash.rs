//! One-shot messages shown after a redirect ("Staff member added"). Kept in a signed cookie,
//! not the session, so that showing one never costs a database write.

use actix_web::cookie::{Cookie, CookieJar, Key, SameSite, time::Duration};
use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::app::AppState;
use crate::web::{cookies, htmx};

const COOKIE: &str = "backroom_flash";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Success,
    Info,
    Error,
}

impl Level {
    fn code(self) -> char {
        match self {
            Level::Success => 's',
            Level::Info => 'i',
            Level::Error => 'e',
        }
    }
    fn from_code(code: char) -> Option<Level> {
        match code {
            's' => Some(Level::Success),
            'i' => Some(Level::Info),
            'e' => Some(Level::Error),
            _ => None,
        }
    }
    /// CSS modifier and ARIA role used by the templates.
    pub fn css(self) -> &'static str {
        match self {
            Level::Success => "success",
            Level::Info => "info",
            Level::Error => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlashMessage {
    pub level: Level,
    pub text: String,
}

impl FlashMessage {
    pub fn success(text: impl Into<String>) -> FlashMessage {
        FlashMessage {
            level: Level::Success,
            text: text.into(),
        }
    }
    pub fn error(text: impl Into<String>) -> FlashMessage {
        FlashMessage {
            level: Level::Error,
            text: text.into(),
        }
    }
    pub fn info(text: impl Into<String>) -> FlashMessage {
        FlashMessage {
            level: Level::Info,
            text: text.into(),
        }
    }
}

/// A redirect (303, or `HX-Redirect` for htmx) carrying a flash message for the next page,
/// signed with the application's cookie key.
pub fn redirect(req: &HttpRequest, location: &str, message: FlashMessage) -> HttpResponse {
    match req.app_data::<web::Data<AppState>>() {
        Some(state) => redirect_with(req, &state.keys.cookie, location, message),
        // Only a request outside the application lacks its state; it gets the redirect alone.
        None => htmx::redirect(req, location),
    }
}

fn redirect_with(
    req: &HttpRequest,
    key: &Key,
    location: &str,
    message: FlashMessage,
) -> HttpResponse {
    let mut jar = CookieJar::new();
    // The text is a product title or a message: encoded, so that a ";" in it cannot end the
    // cookie's value and add attributes of its own.
    let value = format!(
        "{}{}",
        message.level.code(),
        URL_SAFE_NO_PAD.encode(message.text.as_bytes())
    );
    jar.signed_mut(key).add(base_cookie(value));
    let mut response = htmx::redirect(req, location);
    for cookie in jar.delta() {
        let _ = response.add_cookie(cookie);
    }
    response
}

/// Reads the flash message of this request, if any, and queues its removal.
pub fn take(req: &HttpRequest, key: &Key) -> Option<FlashMessage> {
    let cookie = req.cookie(COOKIE)?;
    let mut removal = base_cookie(String::new());
    removal.make_removal();
    cookies::queue(req, removal);
    let mut jar = CookieJar::new();
    jar.add_original(cookie);
    let verified = jar.signed(key).get(COOKIE)?;
    let mut chars = verified.value().chars();
    let level = Level::from_code(chars.next()?)?;
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(chars.as_str()).ok()?).ok()?;
    Some(FlashMessage { level, text })
}

fn base_cookie(value: String) -> Cookie<'static> {
    Cookie::build(COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(Duration::minutes(5))
        .finish()
}
