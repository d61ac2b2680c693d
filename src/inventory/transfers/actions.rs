//! A transfer's moves from its page: send, receive, close short, cancel (the last two ask
//! first).

use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::handlers::TransferPages;
use super::models::Transfer;
use super::queries;
use super::views::{cancel_question, close_question};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::TransferId;
use crate::error::AppError;
use crate::inventory::domain::{outstanding, units_per_line};
use crate::web::confirm::{Posted, Question};
use crate::web::documents;
use crate::web::shell::Shell;

/// `POST /admin/inventory/transfers/{id}/send`
pub async fn send_transfer(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<TransferId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let work = move |conn: &mut DbConnection| commands::send(conn, &actor, id);
    documents::act::<TransferPages>(req, (shell, &state), id, work).await
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
    let arrived = units_per_line(posted.pairs());
    let work = move |conn: &mut DbConnection, arrived: Vec<_>, _| {
        commands::receive(conn, &actor, id, &arrived)
    };
    let all = move |conn: &mut DbConnection| outstanding(&queries::lines_of(conn, id)?);
    let posted = (posted, arrived, all);
    documents::receive::<TransferPages, _, _>(req, (shell, &state), id, posted, work).await
}

/// What a question about a move needs: the transfer and its units still on the way.
fn asking(
    question: fn(Option<&Transfer>, i64) -> Question,
    id: TransferId,
) -> impl FnOnce(&mut DbConnection) -> Result<Option<Question>, AppError> {
    move |conn| {
        let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let outstanding = queries::lines_of(conn, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        Ok(Some(question(Some(&transfer), outstanding)))
    }
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
    let work = move |conn: &mut DbConnection| commands::close_short(conn, &actor, id);
    let ask = asking(close_question, id);
    documents::ask_first::<TransferPages>(req, (shell, &state), (id, posted), ask, work).await
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
    let work = move |conn: &mut DbConnection| commands::cancel(conn, &actor, id);
    let ask = asking(cancel_question, id);
    documents::ask_first::<TransferPages>(req, (shell, &state), (id, posted), ask, work).await
}
