//! Adjusting stock: the form page (which also works without JavaScript) and its post, which
//! the inventory list's row forms use too.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{AdjustOutcome, adjust_stock};
use super::forms::AdjustForm;
use super::queries;
use super::views::AdjustPage;
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::list::{RowAnswer, RowEditor, targets_row};
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/inventory/adjust?variant=…&location=…&back=…`
pub async fn adjust_form(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<AdjustForm>,
) -> Result<HttpResponse, AppError> {
    let mut form = params.into_inner();
    if form.mode.is_empty() {
        form.mode = "add".into();
    }
    respond(
        StatusCode::OK,
        shell,
        &state,
        form,
        FieldErrors::new(),
        None,
    )
    .await
}

/// `POST /admin/inventory/adjust`
pub async fn adjust(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<AdjustForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    // A list row's form (htmx): the answer is that row, closed after a save, open otherwise.
    if let Some((variant, location)) = form
        .variant_id()
        .zip(form.location_id())
        .filter(|(variant, _)| targets_row(&req, *variant))
    {
        let (status, editor, toast) = match form.parse() {
            Err(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(editor(&form, errors, None)),
                None,
            ),
            Ok(adjustment) => {
                let outcome = db::run(&state.pool, move |conn| {
                    adjust_stock(conn, &actor, &adjustment)
                })
                .await?;
                match outcome {
                    AdjustOutcome::Done(message) | AdjustOutcome::Unchanged(message) => {
                        (StatusCode::OK, None, Some(message))
                    }
                    AdjustOutcome::Invalid(errors) => (
                        StatusCode::UNPROCESSABLE_ENTITY,
                        Some(editor(&form, errors, None)),
                        None,
                    ),
                    AdjustOutcome::Moved(now) => {
                        let mut open = editor(&form, FieldErrors::new(), Some(moved(now)));
                        open.expected = Some(now);
                        (StatusCode::CONFLICT, Some(open), None)
                    }
                }
            }
        };
        return RowAnswer::after_post((variant, location), form.back, (editor, toast))
            .respond(status, shell, &state)
            .await;
    }
    let adjustment = match form.parse() {
        Ok(adjustment) => adjustment,
        Err(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return respond(status, shell, &state, form, errors, None).await;
        }
    };
    let outcome = db::run(&state.pool, move |conn| {
        adjust_stock(conn, &actor, &adjustment)
    })
    .await?;
    match outcome {
        AdjustOutcome::Done(message) | AdjustOutcome::Unchanged(message) => Ok(flash::redirect(
            &req,
            &form.back_url(),
            FlashMessage::success(message),
        )),
        AdjustOutcome::Invalid(errors) => {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            respond(status, shell, &state, form, errors, None).await
        }
        AdjustOutcome::Moved(now) => {
            let mut form = form;
            form.expected = now.to_string();
            let message = Some(moved(now));
            respond(
                StatusCode::CONFLICT,
                shell,
                &state,
                form,
                FieldErrors::new(),
                message,
            )
            .await
        }
    }
}

fn moved(now: i64) -> String {
    format!(
        "On hand changed to {} since you looked (someone else moved this stock). \
         Check the new figure and save again.",
        crate::domain::words::grouped(now)
    )
}

/// An open row with what was typed.
fn editor(form: &AdjustForm, errors: FieldErrors, message: Option<String>) -> RowEditor {
    RowEditor {
        mode: form.mode.clone(),
        quantity: form.quantity.clone(),
        reason: form.reason.clone(),
        note: form.note.clone(),
        expected: form.expected.trim().parse().ok(),
        errors,
        message,
        ..RowEditor::default()
    }
}

async fn respond(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    form: AdjustForm,
    errors: FieldErrors,
    conflict: Option<String>,
) -> Result<HttpResponse, AppError> {
    let variant = form.variant_id().ok_or(AppError::NotFound)?;
    let me = shell.staff.as_ref().map(|s| s.id);
    let (stock, reasons) = db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let mut stock = queries::variant_stock(conn, variant)?.ok_or(AppError::NotFound)?;
        stock.levels.retain(|l| scope.allows(l.location));
        Ok((stock, queries::reason_choices(conn)?))
    })
    .await?;
    let page = AdjustPage::build(shell, form, stock, reasons, errors, conflict);
    render(status, &page)
}
