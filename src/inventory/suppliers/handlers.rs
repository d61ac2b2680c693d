//! Supplier handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::SupplierForm;
use super::models::{Supplier, SupplierChanges};
use super::queries;
use super::views::{SupplierFormPage, SupplierListPage};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::{SupplierId, VariantId};
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::crud::{Filled, Finder, RecordForm, Saver};
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

impl RecordForm for SupplierForm {
    type Id = SupplierId;
    type Record = Supplier;
    type Checked = SupplierChanges;
    type Page = SupplierFormPage;
    type Extra = ();
    const LIST: &'static str = "/admin/inventory/suppliers";
    const BLANK: fn() -> Self = SupplierForm::default;
    const OF: fn(&Supplier) -> Self = SupplierForm::of;
    const PARSE: fn(&Self) -> Result<SupplierChanges, FieldErrors> = SupplierForm::parse;
    const FIND: Finder<Self> = queries::find;
    const SAVE: Saver<Self> = commands::save_supplier;

    fn saved_message(&self) -> String {
        format!("Supplier {} saved.", self.name.trim())
    }

    async fn extra(_: &HttpRequest, _: &AppState) -> Result<(), AppError> {
        Ok(())
    }

    fn page(shell: Shell, _: (), f: Filled<Self>) -> SupplierFormPage {
        SupplierFormPage::build(shell, f.record, f.form, f.errors, f.conflict)
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
