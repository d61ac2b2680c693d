//! Category handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::forms::{CategoryForm, DeleteCategoryForm};
use super::queries;
use super::views::{CategoryFormPage, CategoryListPage, DeleteCategoryPage};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::CatalogState;
use crate::db;
use crate::domain::ids::CategoryId;
use crate::domain::problems::FieldErrors;
use crate::domain::problems::SaveResult;
use crate::error::AppError;
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

/// The form page, with `status` (200, or 409/422 when shown again).
async fn form_response(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    catalog: &CatalogState,
    (category_id, form): (Option<CategoryId>, CategoryForm),
    errors: FieldErrors,
    conflict: Option<String>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let access = (
        shell.can(Permission::CatalogEdit),
        shell.can(Permission::CatalogDelete),
    );
    let page = CategoryFormPage::build(shell, &facets, category_id, form, errors, conflict, access);
    render(status, &page)
}

/// `GET /admin/categories/new`
pub async fn new_category_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let blank = (None, CategoryForm::default());
    form_response(
        StatusCode::OK,
        shell,
        &state,
        &catalog,
        blank,
        FieldErrors::new(),
        None,
    )
    .await
}

/// `GET /admin/categories/{id}`
pub async fn edit_category_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<CategoryId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let category = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let shown = (Some(id), CategoryForm::of(category));
    form_response(
        StatusCode::OK,
        shell,
        &state,
        &catalog,
        shown,
        FieldErrors::new(),
        None,
    )
    .await
}

async fn submit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: Option<CategoryId>,
    form: CategoryForm,
) -> Result<HttpResponse, AppError> {
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let changes = match form.parse() {
        Ok(changes) => changes,
        Err(errors) => {
            return form_response(invalid, shell, &state, &catalog, (id, form), errors, None).await;
        }
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        commands::save_category(conn, &actor, id, &changes, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(()) => {
            catalog.invalidate();
            Ok(flash::redirect(
                &req,
                "/admin/categories",
                FlashMessage::success("Category saved."),
            ))
        }
        SaveResult::Invalid(errors) => {
            form_response(invalid, shell, &state, &catalog, (id, form), errors, None).await
        }
        SaveResult::Stale(message) => {
            let Some(id) = id else {
                return Err(AppError::NotFound);
            };
            let current = db::run(&state.pool, move |conn| {
                queries::find(conn, id)?.ok_or(AppError::NotFound)
            })
            .await?;
            let shown = (Some(id), CategoryForm::of(current));
            let conflict = Some(message);
            form_response(
                StatusCode::CONFLICT,
                shell,
                &state,
                &catalog,
                shown,
                FieldErrors::new(),
                conflict,
            )
            .await
        }
    }
}

/// `POST /admin/categories`
pub async fn create_category(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    submit(req, shell, state, catalog, actor, None, form.into_inner()).await
}

/// `POST /admin/categories/{id}`
pub async fn update_category(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<CategoryId>,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    let id = Some(id.into_inner());
    submit(req, shell, state, catalog, actor, id, form.into_inner()).await
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
