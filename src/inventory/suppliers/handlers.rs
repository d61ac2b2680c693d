//! Supplier handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::SupplierForm;
use super::queries;
use super::views::{SupplierFormPage, SupplierListPage};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::{SupplierId, VariantId};
use crate::domain::problems::FieldErrors;
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/inventory/suppliers`
pub async fn list_suppliers(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let rows = db::run(&state.pool, |conn| Ok(queries::list(conn)?)).await?;
    let can_manage = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &SupplierListPage {
            shell,
            rows,
            can_manage,
        },
    )
}

/// `GET /admin/inventory/suppliers/new`
pub async fn new_supplier(shell: Shell) -> Result<HttpResponse, AppError> {
    let page = SupplierFormPage::build(
        shell,
        None,
        SupplierForm::default(),
        FieldErrors::new(),
        None,
    );
    render(StatusCode::OK, &page)
}

/// `GET /admin/inventory/suppliers/{id}`
pub async fn edit_supplier(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<SupplierId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let supplier = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let form = SupplierForm::of(&supplier);
    let page = SupplierFormPage::build(shell, Some(supplier), form, FieldErrors::new(), None);
    render(StatusCode::OK, &page)
}

/// `POST /admin/inventory/suppliers`
pub async fn create_supplier(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<SupplierForm>,
) -> Result<HttpResponse, AppError> {
    submit(req, shell, state, actor, None, form.into_inner()).await
}

/// `POST /admin/inventory/suppliers/{id}`
pub async fn update_supplier(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SupplierId>,
    form: web::Form<SupplierForm>,
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
    id: Option<SupplierId>,
    form: SupplierForm,
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
            return render(
                invalid,
                &SupplierFormPage::build(shell, current, form, errors, None),
            );
        }
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        commands::save_supplier(conn, &actor, id, &changes, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(()) => Ok(flash::redirect(
            &req,
            "/admin/inventory/suppliers",
            FlashMessage::success(format!("Supplier {} saved.", form.name.trim())),
        )),
        SaveResult::Invalid(errors) => render(
            invalid,
            &SupplierFormPage::build(shell, current, form, errors, None),
        ),
        SaveResult::Stale(message) => {
            let id = id.ok_or(AppError::NotFound)?;
            let fresh = db::run(&state.pool, move |conn| {
                queries::find(conn, id)?.ok_or(AppError::NotFound)
            })
            .await?;
            let form = SupplierForm::of(&fresh);
            let page = SupplierFormPage::build(
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DefaultSupplierForm {
    supplier: String,
    supplier_sku: String,
}

/// `POST /admin/inventory/variants/{id}/supplier`: a variant's default supplier.
pub async fn set_default_supplier(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<VariantId>,
    form: web::Form<DefaultSupplierForm>,
) -> Result<HttpResponse, AppError> {
    let variant = id.into_inner();
    let code: String = form.supplier_sku.trim().chars().take(80).collect();
    let choice = match form.supplier.trim() {
        "" => None,
        text => Some((
            text.parse::<SupplierId>()
                .map_err(|_| AppError::Validation("Choose a supplier from the list.".into()))?,
            code,
        )),
    };
    db::run(&state.pool, move |conn| {
        commands::set_default_supplier(conn, &actor, variant, choice)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &format!("/admin/inventory/variants/{variant}"),
        FlashMessage::success("Default supplier saved."),
    ))
}
