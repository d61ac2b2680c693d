//! Who is asking, and may they: [`authorize`] guards every route with its declared [`Access`].

use actix_session::SessionExt;
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError, web};

use crate::app::AppState;
use crate::auth::sessions::{self, LoadedStaff};
use crate::auth::tokens::ApiScope;
use crate::auth::{CurrentStaff, Permission};
use crate::db;
use crate::domain::ids::StaffId;
use crate::error::AppError;
use crate::web::htmx;
use crate::web::session_store::{LOADED_STAFF_KEY, STAFF_ID_KEY};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (sign-in page, setup link, health check, static files).
    Public,
    /// Any active staff member (own account, sign-out).
    SignedIn,
    /// Staff whose role grants the permission.
    Allowed(Permission),
    /// An API client whose bearer token has the scope (`web::api`); a session never counts.
    Token(ApiScope),
}

/// Route guard: loads the signed-in staff member (active, with a known role) and checks the
/// route's access. Not signed in: a redirect to sign-in. Signed in without the permission: 403.
pub async fn authorize(
    access: Access,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    match access {
        Access::Public => return next.call(req).await,
        Access::Token(scope) => return crate::web::api::authorize(scope, req, next).await,
        Access::SignedIn | Access::Allowed(_) => {}
    }
    let staff = match identify(req.request()).await {
        Ok(staff) => staff,
        Err(error) => return Ok(req.into_response(error.error_response())),
    };
    let Some(staff) = staff else {
        let response = sign_in_redirect(req.request());
        return Ok(req.into_response(response));
    };
    if let Access::Allowed(permission) = access {
        if !staff.role.can(permission) {
            req.extensions_mut().insert(staff);
            return Ok(req.into_response(AppError::Forbidden.error_response()));
        }
    }
    req.extensions_mut().insert(staff);
    next.call(req).await
}

/// The active staff member behind this request's session, if any. A session whose account is
/// gone or deactivated is ended.
pub async fn identify(req: &HttpRequest) -> Result<Option<CurrentStaff>, AppError> {
    let session = req.get_session();
    let Ok(Some(staff_id)) = session.get::<StaffId>(STAFF_ID_KEY) else {
        return Ok(None);
    };
    // Normally read with the session itself (see `LOADED_STAFF_KEY`); read here only if the
    // session was replaced during this request.
    let account = match session.get::<LoadedStaff>(LOADED_STAFF_KEY) {
        Ok(Some(account)) if account.id == staff_id => Some(account),
        _ => {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| AppError::Unexpected("application state missing".into()))?;
            db::run(&state.pool, move |conn| {
                Ok(sessions::find_account(conn, staff_id)?)
            })
            .await?
        }
    };
    match account.filter(|s| s.active) {
        Some(staff) => Ok(Some(CurrentStaff {
            id: staff.id,
            name: staff.name,
            email: staff.email,
            role: staff.role,
        })),
        None => {
            session.purge();
            Ok(None)
        }
    }
}

fn sign_in_redirect(req: &HttpRequest) -> HttpResponse {
    // An htmx save would be lost behind a redirect: it shows the session-ended notice instead,
    // and the form stays on the page with what was typed.
    if htmx::is_htmx(req) && req.method() != Method::GET {
        return AppError::SessionEnded.error_response();
    }
    let back_to = match (req.method(), req.uri().path_and_query()) {
        (&Method::GET, Some(pq)) if !htmx::is_htmx(req) => pq.as_str().to_owned(),
        _ => htmx::current_url_path(req).unwrap_or_else(|| "/admin".to_owned()),
    };
    let location = format!(
        "/login?next={}",
        url::form_urlencoded::byte_serialize(back_to.as_bytes()).collect::<String>()
    );
    htmx::redirect(req, &location)
}

/// Accepts a post-sign-in destination only if it stays on this site: a path starting with a
/// single `/`, no scheme, no backslash tricks.
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control)
                && path.len() <= 2048 =>
        {
            path.to_owned()
        }
        _ => "/admin".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_same_site_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/admin/staff?x=1")), "/admin/staff?x=1");
        for hostile in [
            "//evil.example",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "admin",
            "/\nx",
        ] {
            assert_eq!(safe_next(Some(hostile)), "/admin", "{hostile:?}");
        }
        assert_eq!(safe_next(None), "/admin");
    }
}
