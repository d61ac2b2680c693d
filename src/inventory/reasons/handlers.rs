//! The reasons page: the list, adding one, retiring and restoring.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::queries;
use super::views::ReasonsPage;
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::ReasonId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::crud::{Activator, Retirable};
use crate::web::flash::{self, FlashMessage};
use crate::web::forms::text_field;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    label: String,
    needs_note: String,
}

async fn page(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    label: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let rows = db::run(&state.pool, |conn| Ok(queries::all(conn)?)).await?;
    let can_manage = shell.can(Permission::InventoryManage);
    render(
        status,
        &ReasonsPage {
            shell,
            rows,
            typed: label,
            errors,
            can_manage,
        },
    )
}

/// `GET /admin/inventory/reasons`
pub async fn list_reasons(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    page(
        StatusCode::OK,
        shell,
        &state,
        String::new(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /admin/inventory/reasons`
pub async fn add_reason(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<ReasonForm>,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::new();
    let label = text_field(&mut errors, "label", &form.label, "the reason", 60, true);
    if errors.is_empty() && commands::code_of(&label).is_empty() {
        errors.add("label", "Use letters or digits.");
    }
    if !errors.is_empty() {
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            shell,
            &state,
            form.label.clone(),
            errors,
        )
        .await;
    }
    let needs_note = !form.needs_note.is_empty();
    let saved_label = label.clone();
    let added = db::run(&state.pool, move |conn| {
        commands::add_reason(conn, &actor, &saved_label, needs_note)
    })
    .await?;
    match added {
        Ok(_) => Ok(flash::redirect(
            &req,
            "/admin/inventory/reasons",
            FlashMessage::success(format!("Reason \"{label}\" added.")),
        )),
        Err(message) => {
            errors.add("label", message);
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &state,
                label,
                errors,
            )
            .await
        }
    }
}

/// Reasons are retired, never deleted: the ledger names them.
pub(super) struct ReasonSwitch;

impl Retirable for ReasonSwitch {
    type Id = ReasonId;
    const LIST: &'static str = "/admin/inventory/reasons";
    const SET: Activator<ReasonId> = commands::set_active;
    const SAID: (&'static str, &'static str) = (
        "Reason restored.",
        "Reason retired: it is no longer offered.",
    );
}
