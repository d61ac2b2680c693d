//! Location handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::forms::LocationForm;
use super::queries;
use super::views::{LocationFormPage, LocationListPage};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::LocationId;
use crate::domain::problems::FieldErrors;
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/inventory/locations`
pub async fn list_locations(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let summaries = db::run(&state.pool, |conn| Ok(queries::summaries(conn)?)).await?;
    let can_manage = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &LocationListPage::build(shell, summaries, can_manage),
    )
}

/// `GET /admin/inventory/locations/new`
pub async fn new_location_form(shell: Shell) -> Result<HttpResponse, AppError> {
    let page =
        LocationFormPage::build(shell, None, LocationForm::blank(), FieldErrors::new(), None);
    render(StatusCode::OK, &page)
}

/// `GET /admin/inventory/locations/{id}`
pub async fn edit_location_form(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<LocationId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let location = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let form = LocationForm::of(&location);
    let page = LocationFormPage::build(shell, Some(location), form, FieldErrors::new(), None);
    render(StatusCode::OK, &page)
}

/// `POST /admin/inventory/locations`
pub async fn create_location(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<LocationForm>,
) -> Result<HttpResponse, AppError> {
    submit(req, shell, state, actor, None, form.into_inner()).await
}

/// `POST /admin/inventory/locations/{id}`
pub async fn update_location(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<LocationId>,
    form: web::Form<LocationForm>,
) -> Result<HttpResponse, AppError> {
    submit(
        req,
        shell,
        state,
        actor,
        Some(id.into_inner()),
        form.into_inner(),
    )
    .await
}

async fn submit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: Option<LocationId>,
    form: LocationForm,
) -> Result<HttpResponse, AppError> {
    let current = match id {
        Some(id) => Some(
            db::run(&state.pool, move |conn| {
                queries::find(conn, id)?.ok_or(AppError::NotFound)
            })
            .await?,
        ),
        None => None,
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let changes = match form.parse() {
        Ok(changes) => changes,
        Err(errors) => {
            let page = LocationFormPage::build(shell, current, form, errors, None);
            return render(invalid, &page);
        }
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        commands::save_location(conn, &actor, id, &changes, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(()) => Ok(flash::redirect(
            &req,
            "/admin/inventory/locations",
            FlashMessage::success(format!("Location {} saved.", form.name.trim())),
        )),
        SaveResult::Invalid(errors) => render(
            invalid,
            &LocationFormPage::build(shell, current, form, errors, None),
        ),
        SaveResult::Stale(message) => {
            let id = id.ok_or(AppError::NotFound)?;
            let fresh = db::run(&state.pool, move |conn| {
                queries::find(conn, id)?.ok_or(AppError::NotFound)
            })
            .await?;
            let form = LocationForm::of(&fresh);
            let page = LocationFormPage::build(
                shell,
                Some(fresh),
                form,
                FieldErrors::new(),
                Some(message),
            );
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// `POST /admin/inventory/locations/{id}/deactivate`
pub async fn deactivate_location(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<LocationId>,
) -> Result<HttpResponse, AppError> {
    switch(req, state, actor, id.into_inner(), false).await
}

/// `POST /admin/inventory/locations/{id}/activate`
pub async fn activate_location(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<LocationId>,
) -> Result<HttpResponse, AppError> {
    switch(req, state, actor, id.into_inner(), true).await
}

async fn switch(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: LocationId,
    active: bool,
) -> Result<HttpResponse, AppError> {
    db::run(&state.pool, move |conn| {
        commands::set_active(conn, &actor, id, active)
    })
    .await?;
    let message = if active {
        "Location reactivated: it can hold stock again."
    } else {
        "Location deactivated."
    };
    Ok(flash::redirect(
        &req,
        "/admin/inventory/locations",
        FlashMessage::success(message),
    ))
}
