//! Renders every error response — ours, actix-web's own (unknown route, bad form, oversized
//! body) — as a page inside the layout, or as a toast fragment for htmx. A response that is
//! already an HTML page (a form re-rendered with its errors) is left alone.

use actix_web::body::EitherBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpMessage, HttpResponse, web};
use askama::Template;

use crate::app::AppState;
use crate::auth::CurrentStaff;
use crate::error::PublicMessage;
use crate::web::shell::Shell;
use crate::web::{api, htmx};

#[derive(Template)]
#[template(path = "errors/signed_in.html")]
struct AdminErrorPage<'a> {
    shell: Shell,
    status: u16,
    title: &'a str,
    message: &'a str,
    back: Option<String>,
}

#[derive(Template)]
#[template(path = "errors/signed_out.html")]
struct PublicErrorPage<'a> {
    shell: Shell,
    status: u16,
    title: &'a str,
    message: &'a str,
    back: Option<String>,
}

#[derive(Template)]
#[template(path = "partials/toast.html")]
pub struct Toast<'a> {
    pub level: &'a str,
    pub message: &'a str,
}

#[derive(Template)]
#[template(path = "partials/session_ended.html")]
struct SessionEnded<'a> {
    message: &'a str,
    sign_in: &'a str,
}

/// The page the person came from (the `Referer`, when it is one of ours and not this same
/// address), for a "Go back" link.
fn came_from(req: &actix_web::HttpRequest, public_origin: &str) -> Option<String> {
    let referer = req.headers().get(header::REFERER)?.to_str().ok()?;
    let url = url::Url::parse(referer).ok()?;
    let origin = url.origin().ascii_serialization();
    let same_site = origin == public_origin.trim_end_matches('/')
        || req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            == url
                .host_str()
                .map(|h| match url.port() {
                    Some(port) => format!("{h}:{port}"),
                    None => h.to_owned(),
                })
                .as_deref();
    let mut path = url.path().to_owned();
    if let Some(query) = url.query() {
        path.push('?');
        path.push_str(query);
    }
    (same_site && path != req.uri().to_string() && path.starts_with('/')).then_some(path)
}

fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Bad request",
        401 => "Your session has ended",
        403 => "Not allowed",
        404 => "Page not found",
        405 => "Not allowed here",
        409 => "Not possible now",
        413 => "Too large",
        415 => "Unsupported format",
        422 => "Check your input",
        429 => "Too many attempts",
        503 => "Busy",
        s if s >= 500 => "Something went wrong",
        _ => "Error",
    }
}

fn default_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "The request was incomplete or malformed. Reload the page and try again.",
        403 => "Your role doesn't allow this. Ask the shop owner if you need access.",
        404 => "We couldn't find that page. It may have been removed, or the link is wrong.",
        405 => "That action isn't available here.",
        413 => "That request is too large.",
        415 => "That kind of content isn't accepted here.",
        429 => "Too many attempts. Wait a few minutes and try again.",
        503 => "Backroom is busy right now. Nothing was changed; please try again in a moment.",
        s if s >= 500 => {
            "Something went wrong on our side. Nothing was changed. The error has been logged."
        }
        _ => "The request could not be completed.",
    }
}

/// The `ErrorHandlers` default handler.
pub fn render<B>(response: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // The API answers its own errors as JSON; pages are for people.
    if is_html || response.status().as_u16() == 304 || api::is_api(response.request().path()) {
        return Ok(ErrorHandlerResponse::Response(
            response.map_into_left_body(),
        ));
    }
    let status = response.status();
    let message = response
        .response()
        .extensions()
        .get::<PublicMessage>()
        .map(|m| m.0.clone())
        .unwrap_or_else(|| default_message(status).to_owned());
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let (req, _) = response.into_parts();
    let mut builder = HttpResponse::build(status);
    builder.content_type("text/html; charset=utf-8");
    if let Some(value) = retry_after {
        builder.insert_header((header::RETRY_AFTER, value));
    }
    let body = if htmx::is_htmx(&req) && status == StatusCode::UNAUTHORIZED {
        // Stays until the person is signed in again; the form and its values stay as they are.
        builder
            .insert_header(("HX-Retarget", "#session-slot"))
            .insert_header(("HX-Reswap", "innerHTML"))
            .insert_header(("HX-Reselect", "#session-ended"));
        let back = htmx::current_url_path(&req).unwrap_or_else(|| "/admin".to_owned());
        SessionEnded {
            message: &message,
            sign_in: &format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
            ),
        }
        .render()
    } else if htmx::is_htmx(&req) {
        // `HX-Reselect` overrides the form's `hx-select="#main"`, which would drop the toast.
        builder
            .insert_header(("HX-Retarget", "#toasts"))
            .insert_header(("HX-Reswap", "beforeend"))
            .insert_header(("HX-Reselect", ".toast"));
        Toast {
            level: "error",
            message: &message,
        }
        .render()
    } else {
        match req.app_data::<web::Data<AppState>>() {
            Some(state) => {
                let shell = Shell::build(&req, state, state.shop.cached(), false);
                let title = title(status);
                let back = came_from(&req, &state.settings.public_origin);
                let message = if status == StatusCode::UNAUTHORIZED {
                    crate::error::SESSION_ENDED_PAGE.to_owned()
                } else {
                    message.clone()
                };
                if req.extensions().get::<CurrentStaff>().is_some() {
                    AdminErrorPage {
                        shell,
                        status: status.as_u16(),
                        title,
                        message: &message,
                        back,
                    }
                    .render()
                } else {
                    PublicErrorPage {
                        shell,
                        status: status.as_u16(),
                        title,
                        message: &message,
                        back,
                    }
                    .render()
                }
            }
            None => Ok(message.clone()),
        }
    };
    let body = body.unwrap_or_else(|error| {
        tracing::error!(%error, "error page failed to render");
        message
    });
    let response = ServiceResponse::new(req, builder.body(body));
    Ok(ErrorHandlerResponse::Response(
        response.map_body(|_, body| EitherBody::right(body)),
    ))
}
