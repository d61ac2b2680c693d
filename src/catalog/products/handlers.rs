//! Product pages: the list, new/edit with the variant matrix, archive and delete.
//! Thin: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, SaveOutcome};
use super::forms::ProductForm;
use super::input::{ProductErrors, ProductInput, VariantRow};
use super::merge::{self, FieldConflict};
use super::queries::{self};
use super::views::ProductFormPage;
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::CatalogState;
use crate::catalog::domain::ProductStatus;
use crate::catalog::images::{save_alt_texts, upload_problem_message};
use crate::db;
use crate::domain::ids::{ImageId, ProductId};
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// What a shown form adds to the product's input: variants awaiting confirmed deletion, a
/// conflict, a notice.
#[derive(Default)]
struct FormExtras {
    confirm_removal: bool,
    removals: Vec<VariantRow>,
    conflict: Option<String>,
    notice: Option<String>,
    /// The stored product's `ever_active` and images, when the caller read them already.
    stored: Option<(bool, Vec<(ImageId, String)>)>,
    /// The form's `base` when it is shown again (else the shown input is the base).
    base: Option<String>,
    /// Fields a merged stale save found changed by both people.
    conflicts: Vec<FieldConflict>,
    /// Why an image upload was just refused (from the redirect's `upload_error` code).
    upload_error: Option<String>,
}

/// Shows the product form with `status` (200, or 409/422 when shown again). What only the page
/// needs (the menus, the product's images) is read here, so a save that succeeds never reads it.
async fn form_response(
    status: StatusCode,
    shell: Shell,
    (state, catalog): (&AppState, &CatalogState),
    product_id: Option<ProductId>,
    (input, errors): (ProductInput, ProductErrors),
    extras: FormExtras,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let (ever_active, images) = match (product_id, extras.stored) {
        (_, Some(stored)) => stored,
        (Some(id), None) => {
            db::run(&state.pool, move |conn| {
                let product = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
                Ok((product.ever_active, queries::images_of(conn, id)?))
            })
            .await?
        }
        (None, None) => (false, Vec::new()),
    };
    let heading = match product_id {
        Some(_) if !input.title.trim().is_empty() => input.title.trim().to_owned(),
        Some(_) => "Product".to_owned(),
        None => "Add product".to_owned(),
    };
    let base = match (product_id, extras.base) {
        (None, _) => String::new(),
        (Some(_), Some(base)) if !base.is_empty() => base,
        (Some(_), _) => merge::encode(&input),
    };
    let page = ProductFormPage {
        base,
        conflicts: extras.conflicts,
        can_view_history: shell.can(Permission::AuditView),
        can_edit: shell.can(Permission::CatalogEdit),
        can_delete: shell.can(Permission::CatalogDelete),
        currency_code: shell.shop.currency.code(),
        shell,
        product_id,
        heading,
        input,
        confirm_removal: extras.confirm_removal,
        errors,
        categories: facets.categories.clone(),
        suggestions: facets.clone(),
        upload_error: extras.upload_error,
        statuses: ProductStatus::ALL,
        removals: extras.removals,
        conflict: extras.conflict,
        notice: extras.notice,
        ever_active,
        images,
    };
    render(status, &page)
}

/// `GET /admin/products/new`
pub async fn new_product_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let shown = (ProductInput::blank(), ProductErrors::default());
    let states = (&**state, &**catalog);
    form_response(
        StatusCode::OK,
        shell,
        states,
        None,
        shown,
        FormExtras::default(),
    )
    .await
}

/// `GET /admin/products/{id}`: the edit form (read-only without catalog edit permission).
pub async fn show_product(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<ProductId>,
    query: web::Query<std::collections::HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (product, variants, images) = db::run(&state.pool, move |conn| {
        let product = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let variants = queries::variants_of(conn, id)?;
        Ok((product, variants, queries::images_of(conn, id)?))
    })
    .await?;
    let input = ProductInput::from_product(
        &product,
        &variants,
        &shell.shop.currency,
        shell.shop.weight_unit,
    );
    let shown = (input, ProductErrors::default());
    let states = (&**state, &**catalog);
    let extras = FormExtras {
        stored: Some((product.ever_active, images)),
        upload_error: query
            .get("upload_error")
            .and_then(|code| upload_problem_message(code)),
        ..FormExtras::default()
    };
    form_response(StatusCode::OK, shell, states, Some(id), shown, extras).await
}

/// `POST /admin/products`
pub async fn create_product(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = ProductForm::from_pairs(body.into_inner());
    submit(req, shell, (state, catalog), actor, None, form).await
}

/// `POST /admin/products/{id}`
pub async fn update_product(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ProductId>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = ProductForm::from_pairs(body.into_inner());
    submit(req, shell, (state, catalog), actor, Some(*id), form).await
}

async fn submit(
    req: HttpRequest,
    shell: Shell,
    (state, catalog): (web::Data<AppState>, web::Data<CatalogState>),
    actor: Actor,
    product_id: Option<ProductId>,
    form: ProductForm,
) -> Result<HttpResponse, AppError> {
    let states = (&**state, &**catalog);
    let ProductForm {
        mut input,
        confirm_removal,
        action,
        image_alts,
        base,
    } = form;
    let shown_base = Some(base.clone());
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    // Keep the variant rows in step with the options.
    let removals = match input.regenerate_variants() {
        Ok(removals) => removals,
        Err(fields) => {
            let errors = ProductErrors {
                fields,
                rows: Vec::new(),
            };
            let extras = FormExtras {
                confirm_removal,
                base: shown_base,
                ..FormExtras::default()
            };
            return form_response(invalid, shell, states, product_id, (input, errors), extras)
                .await;
        }
    };
    if action == "variants" {
        let notice = Some(if removals.is_empty() {
            "Variants updated from the options. Review them and save.".to_owned()
        } else {
            "Variants updated. Saving will delete the variants listed below.".to_owned()
        });
        let extras = FormExtras {
            confirm_removal,
            removals,
            notice,
            base: shown_base,
            ..FormExtras::default()
        };
        let shown = (input, ProductErrors::default());
        return form_response(StatusCode::OK, shell, states, product_id, shown, extras).await;
    }
    let with_removals = |removals| FormExtras {
        confirm_removal,
        removals,
        base: shown_base.clone(),
        ..FormExtras::default()
    };
    if !removals.is_empty() && !confirm_removal {
        let mut errors = ProductErrors::default();
        errors.fields.add(
            "confirm_removal",
            "Confirm that these variants may be deleted, then save again.",
        );
        let extras = with_removals(removals);
        return form_response(invalid, shell, states, product_id, (input, errors), extras).await;
    }
    let currency = shell.shop.currency.clone();
    let product = match input.parse(&currency, shell.shop.weight_unit) {
        Ok(product) => product,
        Err(errors) => {
            let extras = with_removals(removals);
            return form_response(invalid, shell, states, product_id, (input, errors), extras)
                .await;
        }
    };
    let shop = shell.shop.clone();
    let outcome = db::run(&state.pool, move |conn| {
        let outcome = commands::save_product(conn, &actor, product_id, &product, &currency, &shop)?;
        if let SaveOutcome::Saved(id) = &outcome {
            save_alt_texts(conn, &actor, *id, &image_alts)?;
        }
        Ok(outcome)
    })
    .await?;
    match outcome {
        SaveOutcome::Saved(id) => {
            catalog.invalidate();
            let message = if product_id.is_some() {
                "Product saved."
            } else {
                "Product created."
            };
            Ok(flash::redirect(
                &req,
                &format!("/admin/products/{id}"),
                FlashMessage::success(message),
            ))
        }
        SaveOutcome::Invalid(errors) => {
            let extras = with_removals(removals);
            form_response(invalid, shell, states, product_id, (input, errors), extras).await
        }
        SaveOutcome::Stale {
            message,
            current,
            variants,
        } => {
            let theirs = ProductInput::from_product(
                &current,
                &variants,
                &shell.shop.currency,
                shell.shop.weight_unit,
            );
            // Merged with what this person typed when the form says what it started from;
            // otherwise (an old page) the stored values, as before.
            let (shown, conflicts, message) = match merge::decode(&base) {
                Some(opened) => {
                    let (merged, conflicts) = merge::merge(&opened, &input, &theirs);
                    let message = merge::merge_message(&message, conflicts.len());
                    (merged, conflicts, message)
                }
                None => (theirs.clone(), Vec::new(), message),
            };
            let extras = FormExtras {
                conflict: Some(message),
                base: Some(merge::encode(&theirs)),
                conflicts,
                ..FormExtras::default()
            };
            let shown = (shown, ProductErrors::default());
            form_response(
                StatusCode::CONFLICT,
                shell,
                states,
                product_id,
                shown,
                extras,
            )
            .await
        }
    }
}

/// `POST /admin/products/{id}/duplicate`: a copy as a new draft, "Copy of …", with its options,
/// prices and settings; SKUs are made afresh and barcodes left empty (both must be unique), and
/// images are not copied.
pub async fn duplicate_product(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ProductId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (product, variants) = db::run(&state.pool, move |conn| {
        let product = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        Ok((product, queries::variants_of(conn, id)?))
    })
    .await?;
    let (currency, unit) = (shell.shop.currency.clone(), shell.shop.weight_unit);
    let mut input = ProductInput::from_product(&product, &variants, &currency, unit);
    input.title = format!("Copy of {}", product.title)
        .chars()
        .take(255)
        .collect();
    input.handle.clear();
    input.status = "draft".into();
    input.version.clear();
    for row in &mut input.variants {
        row.id.clear();
        row.sku.clear();
        row.barcode.clear();
    }
    let copy = input
        .parse(&currency, unit)
        .map_err(|_| AppError::Validation("This product cannot be copied as it is.".into()))?;
    let shop = shell.shop.clone();
    let outcome = db::run(&state.pool, move |conn| {
        commands::save_product(conn, &actor, None, &copy, &currency, &shop)
    })
    .await?;
    let SaveOutcome::Saved(copy_id) = outcome else {
        return Err(AppError::Conflict(
            "The copy could not be saved. Try again.".into(),
        ));
    };
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        &format!("/admin/products/{copy_id}"),
        FlashMessage::success(
            "Copy created as a draft, with new SKUs. Add barcodes and images, then make it active.",
        ),
    ))
}
