//! Note handlers: add one from the customer's page, edit one on its own page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands::{self, checked_body};
use super::queries;
use super::views::NotePage;
use crate::app::AppState;
use crate::auth::Actor;
use crate::customers::page::{PageForms, customer_page};
use crate::customers::queries as customer_queries;
use crate::db;
use crate::domain::ids::{CustomerId, NoteId};
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoteForm {
    body: String,
    version: String,
}

/// `POST /admin/customers/{id}/notes`: adds a note; an empty one is refused on the page.
pub async fn add_note(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CustomerId>,
    form: web::Form<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let page = format!("/admin/customers/{id}#notes");
    let body = match checked_body(&form.body) {
        Ok(body) => body,
        Err(message) => {
            let refused = PageForms::note(form.body.clone(), message);
            return customer_page(shell, &state, id, refused).await;
        }
    };
    db::run(&state.pool, move |conn| {
        commands::add_note(conn, &actor, id, &body)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &page,
        FlashMessage::success("Note added."),
    ))
}

async fn note_page(
    shell: Shell,
    state: &AppState,
    (customer, id): (CustomerId, NoteId),
    typed: Option<(String, Option<String>, Option<String>)>,
) -> Result<HttpResponse, AppError> {
    let (note, customer_name) = db::run(&state.pool, move |conn| {
        let note = queries::find(conn, (customer, id))?.ok_or(AppError::NotFound)?;
        let name = customer_queries::find(conn, customer)?
            .ok_or(AppError::NotFound)?
            .display_name();
        Ok((note, name))
    })
    .await?;
    let status = match &typed {
        None => StatusCode::OK,
        Some((_, _, Some(_))) => StatusCode::CONFLICT,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let (body, error, conflict) = match typed {
        // Stale: the note as it is now.
        Some((_, error, Some(conflict))) => (note.body.clone(), error, Some(conflict)),
        Some((body, error, None)) => (body, error, None),
        None => (note.body.clone(), None, None),
    };
    render(
        status,
        &NotePage {
            shell,
            customer,
            customer_name,
            version: note.version,
            note,
            body,
            error,
            conflict,
        },
    )
}

/// `GET /admin/customers/{id}/notes/{note}`
pub async fn edit_note(
    shell: Shell,
    state: web::Data<AppState>,
    path: web::Path<(CustomerId, NoteId)>,
) -> Result<HttpResponse, AppError> {
    note_page(shell, &state, path.into_inner(), None).await
}

/// `POST /admin/customers/{id}/notes/{note}`: changes a note's text.
pub async fn update_note(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(CustomerId, NoteId)>,
    form: web::Form<NoteForm>,
) -> Result<HttpResponse, AppError> {
    let (customer, id) = path.into_inner();
    let body = match checked_body(&form.body) {
        Ok(body) => body,
        Err(message) => {
            let typed = Some((form.body.clone(), Some(message), None));
            return note_page(shell, &state, (customer, id), typed).await;
        }
    };
    let seen: i64 = form.version.trim().parse().unwrap_or(0);
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        commands::edit_note(conn, &actor, (customer, id), seen, &body, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(_) => Ok(flash::redirect(
            &req,
            &format!("/admin/customers/{customer}#notes"),
            FlashMessage::success("Note saved."),
        )),
        SaveResult::Invalid(_) => Err(AppError::Validation("The note was not saved.".into())),
        SaveResult::Stale(message) => {
            let typed = Some((form.body.clone(), None, Some(message)));
            note_page(shell, &state, (customer, id), typed).await
        }
    }
}
