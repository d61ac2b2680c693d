//! API token handlers: extract → parse → command → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::forms::TokenForm;
use super::queries;
use super::views::{TokensPage, revoke_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::domain::ids::ApiTokenId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: &str = "/admin/settings/api-tokens";

async fn page(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    form: TokenForm,
    errors: FieldErrors,
    created: Option<String>,
) -> Result<HttpResponse, AppError> {
    let tokens = db::run(&state.pool, |conn| Ok(queries::all(conn)?)).await?;
    render(
        status,
        &TokensPage::build(shell, tokens, form, errors, created),
    )
}

/// `GET /admin/settings/api-tokens`
pub async fn list_tokens(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    page(
        StatusCode::OK,
        shell,
        &state,
        TokenForm::default(),
        FieldErrors::new(),
        None,
    )
    .await
}

/// `POST /admin/settings/api-tokens`: the new token is on the answer itself, once; it is in no
/// URL, flash or log.
pub async fn create_token(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    pairs: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = TokenForm::from_pairs(&pairs);
    let new = match form.parse() {
        Ok(new) => new,
        Err(errors) => {
            let invalid = StatusCode::UNPROCESSABLE_ENTITY;
            return page(invalid, shell, &state, form, errors, None).await;
        }
    };
    let (_, token) = db::run(&state.pool, move |conn| {
        commands::create_token(conn, &actor, &new)
    })
    .await?;
    let fresh = TokenForm::default();
    page(
        StatusCode::OK,
        shell,
        &state,
        fresh,
        FieldErrors::new(),
        Some(token),
    )
    .await
}

/// `POST /admin/settings/api-tokens/{id}/revoke`: asks first.
pub async fn revoke_token(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<ApiTokenId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let token = db::run(&state.pool, move |conn| {
            queries::find(conn, id)?.ok_or(AppError::NotFound)
        })
        .await?;
        return posted.ask(shell, revoke_question(&token));
    }
    let message = db::run(&state.pool, move |conn| {
        commands::revoke_token(conn, &actor, id)
    })
    .await?;
    Ok(flash::redirect(&req, PAGE, FlashMessage::success(message)))
}
