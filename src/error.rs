//! The one error type at the HTTP edge. Handlers return `Result<_, AppError>`; the status comes
//! from the variant and the body is rendered later, inside the layout, by
//! [`crate::web::error_pages`]. Internal details are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Not found, with a more helpful message than the default.
    #[error("not found: {0}")]
    NotFoundMessage(String),
    #[error("forbidden")]
    Forbidden,
    /// Forbidden, with a message naming what is missing.
    #[error("forbidden: {0}")]
    ForbiddenMessage(String),
    /// No credentials, or credentials that are not (or no longer) valid: the API's 401.
    #[error("unauthorized")]
    Unauthorized,
    /// A state-changing request without a valid CSRF token, or from another site.
    #[error("csrf check failed")]
    Csrf,
    /// A form from a signed-in page posted after that session ended (signed out in another
    /// tab, timed out, password or role changed): refused like [`AppError::Csrf`], but the page
    /// says what happened and how to keep the typed values.
    #[error("session ended")]
    SessionEnded,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Input that parsed but broke a rule; the message is shown to the user.
    #[error("invalid: {0}")]
    Validation(String),
    /// Input with a problem per field (an API body): 422, the fields named.
    #[error("invalid fields")]
    Fields(crate::domain::problems::FieldErrors),
    /// A stale edit or a uniqueness clash; the message is shown to the user.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    #[error("payload too large")]
    PayloadTooLarge,
    /// Too large, with a message naming the limit.
    #[error("payload too large: {0}")]
    PayloadTooLargeMessage(String),
    /// Lock or serialization failure; [`crate::db::write`] retries it, then answers 503.
    #[error("database contention")]
    Contention,
    /// Overload: the pool is exhausted or the database keeps refusing the lock.
    #[error("service unavailable")]
    Unavailable,
    /// Busy with other heavy work (uploads being checked): try again shortly. 503.
    #[error("busy: {0}")]
    Busy(String),
    /// A bug or an outage; the text goes to the log only.
    #[error("unexpected: {0}")]
    Unexpected(String),
}

/// What a save after the session ended says.
pub const SESSION_ENDED: &str = "Your session has ended (signed out, timed out, or your account \
     changed), so this was not saved. What you typed is still on this page: sign in again in a \
     new tab, then come back here and save.";

/// The same, as a whole page (a form posted without htmx): the values are one Back away.
pub const SESSION_ENDED_PAGE: &str = "Your session has ended (signed out, timed out, or your \
     account changed), so this was not saved. Go Back to the form to keep what you typed, sign \
     in again in a new tab, then save it there.";

/// The user-facing message of an error response, carried to the error-page renderer.
#[derive(Debug, Clone)]
pub struct PublicMessage(pub String);

impl AppError {
    /// What the person sees; never internals.
    pub fn public_message(&self) -> String {
        match self {
            AppError::NotFound => "We couldn't find that page. It may have been removed, or the link is wrong.".into(),
            AppError::Forbidden => "Your role doesn't allow this. Ask the shop owner if you need access.".into(),
            AppError::Csrf => {
                "This form has expired or was sent from another site. Nothing was changed. Reload the page and try again.".into()
            }
            AppError::SessionEnded => SESSION_ENDED.into(),
            AppError::Unauthorized => {
                "Send a valid API token: Authorization: Bearer <token>.".into()
            }
            AppError::Fields(fields) => format!("Check these fields: {}", fields.one_line()),
            AppError::NotFoundMessage(message)
            | AppError::ForbiddenMessage(message)
            | AppError::BadRequest(message)
            | AppError::Validation(message)
            | AppError::Conflict(message)
            | AppError::TooManyRequests(message)
            | AppError::PayloadTooLargeMessage(message)
            | AppError::Busy(message) => message.clone(),
            AppError::PayloadTooLarge => "That request is too large.".into(),
            AppError::Contention | AppError::Unavailable => {
                "Backroom is busy right now. Nothing was changed; please try again in a moment.".into()
            }
            AppError::Unexpected(_) => "Something went wrong on our side. Nothing was changed. The error has been logged.".into(),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::NotFoundMessage(_) => StatusCode::NOT_FOUND,
            AppError::Forbidden | AppError::ForbiddenMessage(_) | AppError::Csrf => {
                StatusCode::FORBIDDEN
            }
            AppError::SessionEnded | AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) | AppError::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge | AppError::PayloadTooLargeMessage(_) => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            AppError::Contention | AppError::Unavailable | AppError::Busy(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(detail) = self {
            tracing::error!(%detail, "unexpected error");
        }
        let mut response = HttpResponse::build(self.status_code());
        if matches!(
            self,
            AppError::Contention | AppError::Unavailable | AppError::Busy(_)
        ) {
            response.insert_header(("Retry-After", "1"));
        }
        let mut response = response
            .content_type("text/plain; charset=utf-8")
            .body(self.public_message());
        response
            .extensions_mut()
            .insert(PublicMessage(self.public_message()));
        response
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => AppError::NotFound,
            // The unique indexes are the last word on uniqueness; the forms check first and
            // name the field, so reaching this means a race with another save.
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::Conflict(
                "Another record was saved with the same value a moment ago. Reload and try again."
                    .into(),
            ),
            ref e if is_contention(e) => AppError::Contention,
            other => AppError::Unexpected(format!("database: {other}")),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(error: askama::Error) -> Self {
        AppError::Unexpected(format!("template: {error}"))
    }
}

/// True for errors that mean "someone else holds the lock; try again".
pub fn is_contention(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        DieselError::DatabaseError(_, info) => {
            let message = info.message();
            message.contains("database is locked")
                || message.contains("database table is locked")
                || message.contains("database is busy")
                || message.contains("deadlock detected")
                || message.contains("could not obtain lock")
        }
        _ => false,
    }
}
