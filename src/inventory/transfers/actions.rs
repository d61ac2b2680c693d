//! A transfer's moves from its page: send, receive, close short, cancel (the last two ask
//! first).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, ReceiveOutcome};
use super::handlers::page;
use super::models::Transfer;
use super::queries;
use super::views::{cancel_question, close_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::domain::ids::TransferId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::domain::units_per_line;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::shell::Shell;

/// Refuses a move by someone who does not work at the end it acts on (the origin sends and
/// cancels; the destination receives and closes).
fn guard(
    conn: &mut db::DbConnection,
    actor: &Actor,
    id: TransferId,
    at_origin: bool,
) -> Result<(), AppError> {
    let transfer = super::queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    let end = if at_origin {
        transfer.from_location_id
    } else {
        transfer.to_location_id
    };
    scope_for(conn, actor.staff_id)?.check(end)
}

fn back_to(req: &HttpRequest, id: TransferId, message: String) -> HttpResponse {
    flash::redirect(
        req,
        &format!("/admin/inventory/transfers/{id}"),
        FlashMessage::success(message),
    )
}

/// `POST /admin/inventory/transfers/{id}/send`
pub async fn send_transfer(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<TransferId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let message = db::run(&state.pool, move |conn| {
        guard(conn, &actor, id, true)?;
        commands::send(conn, &actor, id)
    })
    .await?;
    Ok(back_to(&req, id, message))
}

/// `POST /admin/inventory/transfers/{id}/receive`
pub async fn receive_transfer(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<TransferId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let arrived = match units_per_line(posted.pairs()) {
        Ok(arrived) => arrived,
        Err(problems) => {
            return page(
                invalid,
                shell,
                &state,
                Some(id),
                None,
                FieldErrors::new(),
                (problems, None),
            )
            .await;
        }
    };
    let outcome = db::run(&state.pool, move |conn| {
        guard(conn, &actor, id, false)?;
        commands::receive(conn, &actor, id, &arrived)
    })
    .await?;
    match outcome {
        ReceiveOutcome::Done(message) => Ok(back_to(&req, id, message)),
        ReceiveOutcome::Invalid(problems) => {
            page(
                invalid,
                shell,
                &state,
                Some(id),
                None,
                FieldErrors::new(),
                (problems, None),
            )
            .await
        }
    }
}

/// Outstanding units and the transfer, for a question.
async fn asked(state: &AppState, id: TransferId) -> Result<(Transfer, i64), AppError> {
    db::run(&state.pool, move |conn| {
        let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let outstanding = queries::lines_of(conn, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        Ok((transfer, outstanding))
    })
    .await
}

/// `POST /admin/inventory/transfers/{id}/close`: closes short, asking first.
pub async fn close_transfer(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<TransferId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let (transfer, outstanding) = asked(&state, id).await?;
        return posted.ask(shell, close_question(Some(&transfer), outstanding));
    }
    let message = db::run(&state.pool, move |conn| {
        guard(conn, &actor, id, false)?;
        commands::close_short(conn, &actor, id)
    })
    .await?;
    Ok(back_to(&req, id, message))
}

/// `POST /admin/inventory/transfers/{id}/cancel`: asks first.
pub async fn cancel_transfer(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<TransferId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let (transfer, outstanding) = asked(&state, id).await?;
        return posted.ask(shell, cancel_question(Some(&transfer), outstanding));
    }
    let message = db::run(&state.pool, move |conn| {
        guard(conn, &actor, id, true)?;
        commands::cancel(conn, &actor, id)
    })
    .await?;
    Ok(back_to(&req, id, message))
}
