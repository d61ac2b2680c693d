//! The JSON API's side of the web layer (`/api/v1`): a bearer token instead of a session, JSON
//! errors instead of pages. Requests under [`PREFIX`] carry no cookie and no CSRF token (a
//! bearer token is not ambient, so a cross-site page cannot send it), and nothing under it ever
//! sets a cookie or renders HTML: `csrf::check`, the error pages and the session cookie step
//! aside for it, and [`no_cookies`] strips any `Set-Cookie` that might slip through.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::app::AppState;
use crate::auth::Actor;
use crate::auth::tokens::{self, ApiClient, ApiScope};
use crate::db;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::client;

/// Where the API lives.
pub const PREFIX: &str = "/api/";

/// The largest request body the API reads.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Whether a request is the API's.
pub fn is_api(path: &str) -> bool {
    path.starts_with(PREFIX)
}

/// An error of the API: the same [`AppError`], answered as JSON,
/// `{"error": "code", "message": "…", "fields"?: {"lines[0].sku": "…"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        ApiError(error.into())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl ApiError {
    /// The machine-readable code of an error.
    pub fn code(&self) -> &'static str {
        match &self.0 {
            AppError::NotFound | AppError::NotFoundMessage(_) => "not_found",
            AppError::Forbidden | AppError::ForbiddenMessage(_) | AppError::Csrf => "forbidden",
            AppError::SessionEnded => "unauthorized",
            AppError::BadRequest(_) => "bad_request",
            AppError::Validation(_) | AppError::Fields(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::TooManyRequests(_) => "too_many_requests",
            AppError::PayloadTooLarge | AppError::PayloadTooLargeMessage(_) => "too_large",
            AppError::Contention | AppError::Unavailable | AppError::Busy(_) => "unavailable",
            AppError::Unauthorized => "unauthorized",
            AppError::Unexpected(_) => "internal",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(detail) = &self.0 {
            tracing::error!(%detail, "unexpected error");
        }
        let mut body = Map::new();
        body.insert("error".into(), json!(self.code()));
        body.insert("message".into(), json!(self.0.public_message()));
        if let AppError::Fields(fields) = &self.0 {
            body.insert("fields".into(), fields_json(fields));
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(
            self.0,
            AppError::Contention | AppError::Unavailable | AppError::Busy(_)
        ) {
            response.insert_header(("Retry-After", "1"));
        }
        if matches!(self.0, AppError::Unauthorized) {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(Value::Object(body))
    }
}

/// The body of every error the API answers (the OpenAPI document's `ErrorBody`).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A stable code: `unauthorized`, `forbidden`, `not_found`, `invalid`, `conflict`,
    /// `bad_request`, `too_large`, `too_many_requests`, `unavailable`, `internal`.
    #[schema(example = "invalid")]
    pub error: String,
    /// The same, in a sentence for people.
    pub message: String,
    /// For `invalid`: a problem per field, keyed by its path (`lines[0].sku`).
    #[schema(value_type = Option<std::collections::BTreeMap<String, String>>)]
    pub fields: Option<Value>,
}

/// Field problems as a JSON object keyed by field path.
pub fn fields_json(fields: &FieldErrors) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(field, message)| (field.to_owned(), json!(message)))
            .collect(),
    )
}

/// A JSON answer.
pub fn json<T: Serialize>(status: StatusCode, body: &T) -> HttpResponse {
    HttpResponse::build(status).json(body)
}

/// The guard of an API route: a live bearer token with `scope` (401 without one, 403 when the
/// token lacks the scope), a body of at most [`BODY_LIMIT`] (413); the token's [`ApiClient`]
/// and its [`Actor`] go into the request for the handler.
pub async fn authorize(
    scope: ApiScope,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT) {
        let error = ApiError(AppError::PayloadTooLargeMessage(format!(
            "A request body may be at most {} KiB.",
            BODY_LIMIT / 1024
        )));
        return Ok(req.into_response(error.error_response()));
    }
    let Some(token) = bearer(req.request()) else {
        return Ok(req.into_response(ApiError(AppError::Unauthorized).error_response()));
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        let error = ApiError(AppError::Unexpected("application state missing".into()));
        return Ok(req.into_response(error.error_response()));
    };
    let found = db::run(&state.pool, move |conn| {
        Ok(tokens::find_live(conn, &token)?)
    })
    .await;
    let client = match found {
        Ok(Some(client)) => client,
        Ok(None) => {
            return Ok(req.into_response(ApiError(AppError::Unauthorized).error_response()));
        }
        Err(error) => return Ok(req.into_response(ApiError(error).error_response())),
    };
    if !client.may(scope) {
        let error = ApiError(AppError::ForbiddenMessage(format!(
            "This token does not have the {} scope.",
            scope.as_str()
        )));
        return Ok(req.into_response(error.error_response()));
    }
    let actor = Actor::api(
        &client.name,
        client::address(req.request()),
        client::request_id(req.request()),
    );
    req.extensions_mut().insert(client);
    req.extensions_mut().insert(ApiActor(actor));
    next.call(req).await
}

/// The actor of an API request (the token, by name), for the audit rows of its writes.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

impl actix_web::FromRequest for ApiActor {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ApiActor, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<ApiActor>()
                .cloned()
                .ok_or(ApiError(AppError::Unauthorized)),
        )
    }
}

impl actix_web::FromRequest for ApiClient {
    type Error = ApiError;
    type Future = std::future::Ready<Result<ApiClient, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<ApiClient>()
                .cloned()
                .ok_or(ApiError(AppError::Unauthorized)),
        )
    }
}

/// The token of `Authorization: Bearer …`.
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

/// The JSON body reader of the API: at most [`BODY_LIMIT`]; malformed JSON is a 400 and a body
/// too large a 413, both as JSON.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|error, _| {
            let error = match error {
                actix_web::error::JsonPayloadError::OverflowKnownLength { .. }
                | actix_web::error::JsonPayloadError::Overflow { .. } => {
                    AppError::PayloadTooLargeMessage(format!(
                        "A request body may be at most {} KiB.",
                        BODY_LIMIT / 1024
                    ))
                }
                actix_web::error::JsonPayloadError::ContentType => {
                    AppError::BadRequest("Send the body as application/json.".into())
                }
                // The parser's own words name Rust types: never sent.
                actix_web::error::JsonPayloadError::Deserialize(e) if e.is_data() => {
                    AppError::BadRequest(
                        "The body is JSON, but its fields are not the ones this endpoint takes."
                            .into(),
                    )
                }
                _ => AppError::BadRequest("The body is not valid JSON.".into()),
            };
            ApiError(error).into()
        })
}

/// Outermost middleware: nothing under [`PREFIX`] sets a cookie, whatever else ran.
pub async fn no_cookies(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let api = is_api(req.path());
    let mut response = next.call(req).await?.map_into_boxed_body();
    if api {
        response.headers_mut().remove(header::SET_COOKIE);
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
