//! A purchase order's moves from its page: place, receive (more than ordered asks first),
//! close with units outstanding (asks first), cancel (asks first).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, ReceiveOutcome};
use super::handlers::purchase_order_page;
use super::queries;
use super::views::{cancel_question, close_question, over_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::domain::ids::PurchaseOrderId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::domain::units_per_line;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

fn back_to(req: &HttpRequest, id: PurchaseOrderId, message: String) -> HttpResponse {
    flash::redirect(
        req,
        &format!("/admin/inventory/purchase-orders/{id}"),
        FlashMessage::success(message),
    )
}

/// `POST /admin/inventory/purchase-orders/{id}/place`
pub async fn place_purchase_order(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<PurchaseOrderId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let message = db::run(&state.pool, move |conn| commands::place(conn, &actor, id)).await?;
    Ok(back_to(&req, id, message))
}

/// `POST /admin/inventory/purchase-orders/{id}/receive`
pub async fn receive_purchase_order(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<PurchaseOrderId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let arrived = match units_per_line(posted.pairs()) {
        Ok(arrived) => arrived,
        Err(problems) => {
            let page = purchase_order_page(
                shell,
                &state,
                Some(id),
                None,
                FieldErrors::new(),
                (problems, None),
            )
            .await?;
            return render(invalid, &page);
        }
    };
    let confirmed = posted.confirmed();
    let outcome = db::run(&state.pool, move |conn| {
        let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        scope_for(conn, actor.staff_id)?.check(order.location_id)?;
        commands::receive(conn, &actor, id, &arrived, confirmed)
    })
    .await?;
    match outcome {
        ReceiveOutcome::Done(message) => Ok(back_to(&req, id, message)),
        ReceiveOutcome::Invalid(problems) => {
            let page = purchase_order_page(
                shell,
                &state,
                Some(id),
                None,
                FieldErrors::new(),
                (problems, None),
            )
            .await?;
            render(invalid, &page)
        }
        ReceiveOutcome::Over(over) => posted.ask(shell, over_question(&id.to_string(), &over)),
    }
}

/// `POST /admin/inventory/purchase-orders/{id}/close`: asks first when units are outstanding.
pub async fn close_purchase_order(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<PurchaseOrderId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let (order, outstanding) = db::run(&state.pool, move |conn| {
            let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
            let outstanding: i64 = queries::lines_of(conn, id)?
                .iter()
                .map(|l| l.outstanding())
                .sum();
            Ok((order, outstanding))
        })
        .await?;
        if outstanding > 0 {
            return posted.ask(shell, close_question(Some(&order), outstanding));
        }
    }
    let message = db::run(&state.pool, move |conn| commands::close(conn, &actor, id)).await?;
    Ok(back_to(&req, id, message))
}

/// `POST /admin/inventory/purchase-orders/{id}/cancel`: asks first.
pub async fn cancel_purchase_order(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<PurchaseOrderId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !posted.confirmed() {
        let order = db::run(&state.pool, move |conn| {
            queries::find(conn, id)?.ok_or(AppError::NotFound)
        })
        .await?;
        return posted.ask(shell, cancel_question(Some(&order)));
    }
    let message = db::run(&state.pool, move |conn| commands::cancel(conn, &actor, id)).await?;
    Ok(back_to(&req, id, message))
}
