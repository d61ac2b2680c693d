//! Erasure handlers: the page that asks (type the email, give a reason) and the erasure.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::commands::erase_customer;
use crate::app::AppState;
use crate::auth::Actor;
use crate::customers::models::Customer;
use crate::customers::queries;
use crate::db;
use crate::domain::ids::CustomerId;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "customers/erase.html")]
pub struct ErasePage {
    pub shell: Shell,
    pub customer: Customer,
    pub name: String,
    pub reason: String,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EraseForm {
    confirm: String,
    reason: String,
}

async fn page(
    shell: Shell,
    state: &AppState,
    id: CustomerId,
    (status, reason, error): (StatusCode, String, Option<String>),
) -> Result<HttpResponse, AppError> {
    let customer = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    if customer.erased_at.is_some() {
        return Err(AppError::Conflict(
            "This customer was erased already.".into(),
        ));
    }
    render(
        status,
        &ErasePage {
            name: customer.display_name(),
            shell,
            customer,
            reason,
            error,
        },
    )
}

/// `GET /admin/customers/{id}/erase`
pub async fn erase_form(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<CustomerId>,
) -> Result<HttpResponse, AppError> {
    page(
        shell,
        &state,
        id.into_inner(),
        (StatusCode::OK, String::new(), None),
    )
    .await
}

/// `POST /admin/customers/{id}/erase`: erases, when the email typed matches and a reason is
/// given; otherwise the page again with what is missing.
pub async fn erase(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CustomerId>,
    form: web::Form<EraseForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let reason: String = form.reason.trim().chars().take(500).collect();
    if reason.is_empty() {
        let refused = (
            StatusCode::UNPROCESSABLE_ENTITY,
            reason,
            Some("Give the reason for the erasure (a customer's request, say).".to_owned()),
        );
        return page(shell, &state, id, refused).await;
    }
    let (typed, why) = (form.confirm.clone(), reason.clone());
    let erased = db::run(&state.pool, move |conn| {
        match erase_customer(conn, &actor, id, &typed, &why) {
            Err(AppError::Validation(message)) => Ok(Err(message)),
            other => other.map(Ok),
        }
    })
    .await?;
    match erased {
        Ok(()) => Ok(flash::redirect(
            &req,
            &format!("/admin/customers/{id}"),
            FlashMessage::success("The customer's personal data was erased."),
        )),
        Err(message) => {
            let refused = (StatusCode::UNPROCESSABLE_ENTITY, reason, Some(message));
            page(shell, &state, id, refused).await
        }
    }
}
