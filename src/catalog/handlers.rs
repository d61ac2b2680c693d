//! Product pages: the list, new/edit with the variant matrix, archive and delete.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::auth::Actor;
use crate::auth::Permission;
use crate::catalog::CatalogState;
use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::Facets;
use crate::catalog::filter::{ListParams, ProductFilter, Sort, canonical_query};
use crate::catalog::forms::{ProductErrors, ProductForm};
use crate::catalog::queries::{self, COUNT_CAP};
use crate::catalog::save::{self, SaveOutcome};
use crate::catalog::views::{
    DeleteProductPage, ListRow, ListState, ProductFormPage, ProductListPage, ProductListResults,
};
use crate::db;
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::{Cursor, PageLinks, with_query};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

/// Turns the typed query string into a filter; unknown values are ignored, not errors.
fn list_state(params: &ListParams, sort: Sort) -> ListState {
    let query = canonical_query(params, sort);
    ListState {
        q: params.q.trim().to_owned(),
        status: params.status.trim().to_owned(),
        category: params.category.trim().to_owned(),
        vendor: params.vendor.trim().to_owned(),
        product_type: params.product_type.trim().to_owned(),
        tag: params.tag.trim().to_owned(),
        sort: sort.as_str(),
        filtered: query.has_other_than(&["sort"]),
        query: query.encode(),
    }
}

fn price_range(shop: &Shop, min: i64, max: i64) -> String {
    if min == max {
        shop.money(min)
    } else {
        let mut range = shop.money(min);
        range.push_str(" – ");
        range.push_str(&shop.money(max));
        range
    }
}

/// `GET /admin/products`
pub async fn list_products(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let params = params.into_inner();
    let filter = ProductFilter::from_params(&params, &facets);
    let sort = Sort::parse(&params.sort);
    let cursor = Cursor::from_params(&params.after, &params.before);
    let list = list_state(&params, sort);
    let unfiltered_total = (!list.filtered).then_some(facets.total_products);
    let shared = catalog.clone();
    let page_cursor = cursor.clone();
    let (rows, more, matching) = db::run(&state.pool, move |conn| {
        let cache = &shared.search;
        Ok(queries::list_page(
            conn,
            cache,
            filter,
            sort,
            page_cursor,
            unfiltered_total,
        )?)
    })
    .await?;
    let capped = list.filtered && matching > COUNT_CAP;
    let count_label = match (matching, capped) {
        (_, true) => format!("{COUNT_CAP}+ products"),
        (1, _) => "1 product".to_owned(),
        (n, _) => format!("{n} products"),
    };
    let links = PageLinks::new(
        "/admin/products",
        &list.query,
        &rows,
        cursor.as_ref(),
        more,
        |row| queries::cursor_of(row, sort),
    );
    let shop = shell.shop.clone();
    let rows: Vec<ListRow> = rows
        .into_iter()
        .map(|row| {
            let status = ProductStatus::parse(&row.status).unwrap_or(ProductStatus::Draft);
            ListRow {
                id: row.id,
                title: row.title,
                status: status.as_str(),
                status_label: status.label(),
                variant_count: row.variant_count,
                price: price_range(&shop, row.min_price, row.max_price),
                vendor: row.vendor,
                thumbnail: row
                    .cover_image_id
                    .map(|image| format!("/admin/products/{}/images/{image}/thumbnail", row.id)),
                updated: shop.time(&row.updated_at),
            }
        })
        .collect();
    let results_only = htmx::targets(&req, "product-results");
    let can_edit = shell.can(Permission::CatalogEdit);
    let can_import = shell.can(Permission::CatalogImport);
    let response = if results_only {
        // The canonical URL of this view (empty filters dropped), for the address bar.
        let canonical = with_query("/admin/products", &list.query, "");
        let mut response = render(
            StatusCode::OK,
            &ProductListResults {
                shell,
                rows,
                state: list,
                count_label,
                matching,
                capped,
                next_url: links.next.clone(),
                prev_url: links.prev.clone(),
                can_edit,
                can_import,
            },
        )?;
        htmx::push_url(&mut response, &canonical);
        response
    } else {
        render(
            StatusCode::OK,
            &ProductListPage {
                shell,
                rows,
                state: list,
                facets,
                sorts: &Sort::ALL,
                statuses: &ProductStatus::ALL,
                count_label,
                matching,
                capped,
                next_url: links.next.clone(),
                prev_url: links.prev.clone(),
                can_edit,
                can_import,
            },
        )?
    };
    Ok(response.map_into_boxed_body())
}

struct FormContext {
    product_id: Option<i64>,
    ever_active: bool,
    images: Vec<(i64, String)>,
}

/// What a re-shown form adds: variants awaiting confirmed deletion, a conflict, a notice.
#[derive(Default)]
struct FormExtras {
    removals: Vec<crate::catalog::forms::VariantRow>,
    conflict: Option<String>,
    notice: Option<String>,
}

/// Renders the product form with `status` (200, or 409/422 when shown again).
async fn form_response(
    status: StatusCode,
    shell: Shell,
    facets: &Facets,
    context: FormContext,
    form: ProductForm,
    errors: ProductErrors,
    extras: FormExtras,
) -> Result<HttpResponse, AppError> {
    let FormExtras {
        removals,
        conflict,
        notice,
    } = extras;
    let heading = match context.product_id {
        Some(_) if !form.title.trim().is_empty() => form.title.trim().to_owned(),
        Some(_) => "Product".to_owned(),
        None => "Add product".to_owned(),
    };
    let page = ProductFormPage {
        can_edit: shell.can(Permission::CatalogEdit),
        can_delete: shell.can(Permission::CatalogDelete),
        currency_code: shell.shop.currency.code(),
        shell,
        product_id: context.product_id,
        heading,
        form,
        errors,
        categories: facets.categories.clone(),
        statuses: &ProductStatus::ALL,
        removals,
        conflict,
        notice,
        ever_active: context.ever_active,
        images: context.images,
    };
    render(status, &page)
}

/// `GET /admin/products/new`
pub async fn new_product_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let context = FormContext {
        product_id: None,
        ever_active: false,
        images: Vec::new(),
    };
    form_response(
        StatusCode::OK,
        shell,
        &*catalog.facets(&state.pool).await?,
        context,
        ProductForm::blank(),
        ProductErrors::default(),
        FormExtras::default(),
    )
    .await
}

/// `GET /admin/products/{id}`: the edit form (read-only without catalog edit permission).
pub async fn show_product(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (product, variants, images) = db::run(&state.pool, move |conn| {
        let product = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        Ok((
            product,
            queries::variants_of(conn, id)?,
            queries::images_of(conn, id)?,
        ))
    })
    .await?;
    let form = ProductForm::from_product(&product, &variants, &shell.shop.currency);
    let context = FormContext {
        product_id: Some(id),
        ever_active: product.ever_active,
        images,
    };
    form_response(
        StatusCode::OK,
        shell,
        &*catalog.facets(&state.pool).await?,
        context,
        form,
        ProductErrors::default(),
        FormExtras::default(),
    )
    .await
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
    submit(
        req,
        shell,
        state,
        catalog,
        actor,
        None,
        ProductForm::from_pairs(body.into_inner()),
    )
    .await
}

/// `POST /admin/products/{id}`
pub async fn update_product(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    submit(
        req,
        shell,
        state,
        catalog,
        actor,
        Some(id),
        ProductForm::from_pairs(body.into_inner()),
    )
    .await
}

async fn submit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    product_id: Option<i64>,
    mut form: ProductForm,
) -> Result<HttpResponse, AppError> {
    let (ever_active, images) = match product_id {
        Some(id) => {
            db::run(&state.pool, move |conn| {
                let product = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
                Ok((product.ever_active, queries::images_of(conn, id)?))
            })
            .await?
        }
        None => (false, Vec::new()),
    };
    let context = FormContext {
        product_id,
        ever_active,
        images,
    };
    // Keep the variant rows in step with the options.
    let removals = match form.regenerate_variants() {
        Ok(removals) => removals,
        Err(fields) => {
            let errors = ProductErrors {
                fields,
                rows: Vec::new(),
            };
            return form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &*catalog.facets(&state.pool).await?,
                context,
                form,
                errors,
                FormExtras::default(),
            )
            .await;
        }
    };
    if form.action == "variants" {
        let notice = Some(if removals.is_empty() {
            "Variants updated from the options. Review them and save.".to_owned()
        } else {
            "Variants updated. Saving will delete the variants listed below.".to_owned()
        });
        return form_response(
            StatusCode::OK,
            shell,
            &*catalog.facets(&state.pool).await?,
            context,
            form,
            ProductErrors::default(),
            FormExtras {
                removals,
                notice,
                ..Default::default()
            },
        )
        .await;
    }
    if !removals.is_empty() && !form.confirm_removal {
        let mut errors = ProductErrors::default();
        errors.fields.add(
            "confirm_removal",
            "Confirm that these variants may be deleted, then save again.",
        );
        return form_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            shell,
            &*catalog.facets(&state.pool).await?,
            context,
            form,
            errors,
            FormExtras {
                removals,
                ..Default::default()
            },
        )
        .await;
    }
    let currency = shell.shop.currency.clone();
    let valid = match form.parse(&currency) {
        Ok(valid) => valid,
        Err(errors) => {
            return form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &*catalog.facets(&state.pool).await?,
                context,
                form,
                errors,
                FormExtras {
                    removals,
                    ..Default::default()
                },
            )
            .await;
        }
    };
    let shop = shell.shop.clone();
    let outcome = db::run(&state.pool, move |conn| {
        save::save_product(conn, &actor, product_id, &valid, &currency, &shop)
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
            form_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &*catalog.facets(&state.pool).await?,
                context,
                form,
                errors,
                FormExtras {
                    removals,
                    ..Default::default()
                },
            )
            .await
        }
        SaveOutcome::Stale {
            message,
            current,
            variants,
        } => {
            let current_form = ProductForm::from_product(&current, &variants, &shell.shop.currency);
            form_response(
                StatusCode::CONFLICT,
                shell,
                &*catalog.facets(&state.pool).await?,
                context,
                current_form,
                ProductErrors::default(),
                FormExtras {
                    conflict: Some(message),
                    ..Default::default()
                },
            )
            .await
        }
    }
}

/// `POST /admin/products/{id}/archive`
pub async fn archive_product(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    db::run(&state.pool, move |conn| {
        save::archive_product(conn, &actor, id)
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        &format!("/admin/products/{id}"),
        FlashMessage::success("Product archived."),
    ))
}

/// `GET /admin/products/{id}/delete`: asks first.
pub async fn confirm_delete_product(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let product = db::run(&state.pool, move |conn| {
        queries::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    if product.ever_active {
        return Err(AppError::Conflict("This product has been on sale, so orders may refer to it. Archive it instead of deleting it.".into()));
    }
    render(
        StatusCode::OK,
        &DeleteProductPage {
            shell,
            product_id: id,
            title: product.title,
            variant_count: product.variant_count,
        },
    )
}

/// `POST /admin/products/{id}/delete`
pub async fn delete_product(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let title = db::run(&state.pool, move |conn| {
        save::delete_product(conn, &actor, id)
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        "/admin/products",
        FlashMessage::success(format!("{title} was deleted.")),
    ))
}
