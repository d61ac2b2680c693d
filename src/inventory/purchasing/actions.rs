//! A purchase order's moves from its page: place, receive (more than ordered asks first),
//! close with units outstanding (asks first), cancel (asks first).

use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::handlers::PurchaseOrderPages;
use super::queries;
use super::views::{cancel_question, close_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::PurchaseOrderId;
use crate::error::AppError;
use crate::inventory::domain::{outstanding, units_per_line};
use crate::web::confirm::Posted;
use crate::web::documents;
use crate::web::shell::Shell;

/// `POST /admin/inventory/purchase-orders/{id}/place`
pub async fn place_purchase_order(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<PurchaseOrderId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let work = move |conn: &mut DbConnection| commands::place(conn, &actor, id);
    documents::act::<PurchaseOrderPages>(req, (shell, &state), id, work).await
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
    let arrived = units_per_line(posted.pairs());
    let work = move |conn: &mut DbConnection, arrived: Vec<_>, confirmed| {
        commands::receive(conn, &actor, id, &arrived, confirmed)
    };
    let all = move |conn: &mut DbConnection| outstanding(&queries::lines_of(conn, id)?);
    let posted = (posted, arrived, all);
    documents::receive::<PurchaseOrderPages, _, _>(req, (shell, &state), id, posted, work).await
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
    let ask = move |conn: &mut DbConnection| {
        let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let outstanding: i64 = queries::lines_of(conn, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        Ok((outstanding > 0).then(|| close_question(Some(&order), outstanding)))
    };
    let work = move |conn: &mut DbConnection| commands::close(conn, &actor, id);
    let posted = (id, posted);
    documents::ask_first::<PurchaseOrderPages>(req, (shell, &state), posted, ask, work).await
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
    let ask = move |conn: &mut DbConnection| {
        let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        Ok(Some(cancel_question(Some(&order))))
    };
    let work = move |conn: &mut DbConnection| commands::cancel(conn, &actor, id);
    let posted = (id, posted);
    documents::ask_first::<PurchaseOrderPages>(req, (shell, &state), posted, ask, work).await
}
