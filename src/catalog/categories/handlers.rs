//! Category handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use std::sync::Arc;

use super::forms::{CategoryForm, DeleteCategoryForm};
use super::models::CategoryChanges;
use super::queries;
use super::views::{CategoryFormPage, CategoryListPage, DeleteCategoryPage};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::models::Category;
use crate::catalog::{CatalogState, Facets};
use crate::db;
use crate::domain::ids::CategoryId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::crud::{Filled, Finder, RecordForm, Saver};
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/categories`
pub async fn list_categories(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let counts = db::run(&state.pool, |conn| Ok(queries::product_counts(conn)?)).await?;
    let can_edit = shell.can(Permission::CatalogEdit);
    render(
        StatusCode::OK,
        &CategoryListPage::build(shell, &facets, &counts, can_edit),
    )
}

/// The catalog's menus, which a saved category changes.
fn catalog_of(req: &HttpRequest) -> Result<web::Data<CatalogState>, AppError> {
    req.app_data::<web::Data<CatalogState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected("the catalog state is not registered".into()))
}

impl RecordForm for CategoryForm {
    type Id = CategoryId;
    type Record = Category;
    type Checked = CategoryChanges;
    type Page = CategoryFormPage;
    /// The category tree, for the parent choices.
    type Extra = Arc<Facets>;
    const LIST: &'static str = "/admin/categories";
    const BLANK: fn() -> Self = CategoryForm::default;
    const OF: fn(&Category) -> Self = CategoryForm::of;
    const PARSE: fn(&Self) -> Result<CategoryChanges, FieldErrors> = CategoryForm::parse;
    const FIND: Finder<Self> = queries::find;
    const SAVE: Saver<Self> = commands::save_category;

    fn saved_message(&self) -> String {
        "Category saved.".into()
    }

    async fn extra(req: &HttpRequest, state: &AppState) -> Result<Arc<Facets>, AppError> {
        catalog_of(req)?.facets(&state.pool).await
    }

    fn saved(req: &HttpRequest) {
        if let Ok(catalog) = catalog_of(req) {
            catalog.invalidate();
        }
    }

    fn page(shell: Shell, facets: Arc<Facets>, f: Filled<Self>) -> CategoryFormPage {
        let access = (
            shell.can(Permission::CatalogEdit),
            shell.can(Permission::CatalogDelete),
        );
        let shown = (f.errors, f.conflict);
        CategoryFormPage::build(shell, &facets, (f.id, f.form), shown, access)
    }
}

/// `GET /admin/categories/{id}/delete`: asks what happens to the products.
pub async fn confirm_delete_category(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<CategoryId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let facets = catalog.facets(&state.pool).await?;
    let (category, counts) = db::run(&state.pool, move |conn| {
        let category = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        Ok((category, queries::products_and_children(conn, id)?))
    })
    .await?;
    render(
        StatusCode::OK,
        &DeleteCategoryPage::build(shell, &facets, category, counts),
    )
}

/// `POST /admin/categories/{id}/delete`
pub async fn delete_category(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<CategoryId>,
    form: web::Form<DeleteCategoryForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let move_to = form.move_to(id).map_err(AppError::Validation)?;
    let name = db::run(&state.pool, move |conn| {
        commands::delete_category(conn, &actor, id, move_to)
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        "/admin/categories",
        FlashMessage::success(format!("{name} was deleted.")),
    ))
}
