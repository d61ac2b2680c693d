//! Bulk edit handlers: choose, preview, apply; the change sets; revert and resume.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, ApplyRun, NewChangeSet, Recorded};
use super::forms::BulkForm;
use super::models::ChangeSetStatus;
use super::operation::{OPERATIONS, Operation};
use super::queries;
use super::revert::RevertRun;
use super::views::{
    BulkPage, ChangeSetPage, ChangeSetProgressFragment, ChangeSetsPage, ItemView, Preview,
    apply_question, revert_question,
};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::CatalogState;
use crate::catalog::domain::ProductStatus;
use crate::catalog::filter::{ListParams, Sort, canonical_query};
use crate::catalog::state::spawn_job;
use crate::db;
use crate::domain::ids::ChangeSetId;
use crate::error::AppError;
use crate::jobs::{self, JobView};
use crate::shop::Shop;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

fn page_of(id: ChangeSetId) -> String {
    format!("/admin/products/changes/{id}")
}

/// The choose step (no operation yet) or the preview step of the bulk page.
async fn bulk_page(
    shell: Shell,
    state: &AppState,
    catalog: &CatalogState,
    form: BulkForm,
    preview: bool,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let categories = facets.categories.clone();
    let suggestions: Vec<String> = facets.vendors.iter().chain(&facets.tags).cloned().collect();
    let operation = preview.then(|| Operation::parse(&form, &currency, &categories));
    let selected = form.clone();
    let planned = operation.clone().and_then(Result::ok);
    let (count, changes) = db::run(&state.pool, move |conn| {
        let ids = queries::selection(conn, &selected, &facets)?;
        let changes = match &planned {
            Some(operation) => Some(queries::plan(conn, &ids, operation, &currency)?),
            None => None,
        };
        Ok((ids.len(), changes))
    })
    .await?;
    let currency = &shell.shop.currency;
    let (error, preview) = match (operation, changes) {
        (Some(Err(message)), _) => (Some(message), None),
        (Some(Ok(operation)), Some(changes)) => (
            None,
            Some(Preview::build(&operation, &changes, currency, &categories)),
        ),
        _ => (None, None),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        status,
        &BulkPage {
            shell,
            form,
            count,
            operations: &OPERATIONS,
            categories,
            statuses: ProductStatus::ALL,
            suggestions,
            error,
            preview,
        },
    )
}

/// `POST /admin/products/bulk`: the selection arrives from the list; choose the edit.
pub async fn choose_bulk_edit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = BulkForm::from_pairs(form.into_inner());
    if form.scope != "all" && form.ids.is_empty() {
        // Back to the same list (its filters kept), saying what to do: not a dead end. (With
        // JavaScript the button stays disabled until something is ticked.)
        // The filter is re-read and written canonically: only list parameters go back out.
        let params: ListParams = serde_urlencoded::from_str(form.filter.trim()).unwrap_or_default();
        let query = canonical_query(&params, Sort::parse(&params.sort)).encode();
        let list = crate::web::pagination::with_query("/admin/products", &query, "");
        return Ok(flash::redirect(
            &req,
            &list,
            FlashMessage::info("Tick the products to edit, or choose all matching."),
        ));
    }
    bulk_page(shell, &state, &catalog, form, false).await
}

/// `POST /admin/products/bulk/preview`: every change, before → after. Writes nothing.
pub async fn preview_bulk_edit(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let mut form = BulkForm::from_pairs(form.into_inner());
    form.request_key = crate::web::forms::one_time_key();
    bulk_page(shell, &state, &catalog, form, true).await
}

/// `POST /admin/products/bulk/apply`: records the change set and starts applying it.
pub async fn apply_bulk_edit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let form = BulkForm::from_pairs(posted.pairs().to_vec());
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let operation =
        Operation::parse(&form, &currency, &facets.categories).map_err(AppError::Validation)?;
    let summary = operation.describe(&currency, &facets.categories);
    let planned = operation.clone();
    let selected = form.clone();
    let (ids, changing) = db::run(&state.pool, move |conn| {
        let ids = queries::selection(conn, &selected, &facets)?;
        // A read-only look first, so that an edit that changes nothing is refused, not recorded.
        let changing = queries::plan(conn, &ids, &planned, &currency)?
            .iter()
            .filter(|change| change.changes_anything())
            .count();
        Ok((ids, changing))
    })
    .await?;
    if changing == 0 {
        return Err(AppError::Validation(
            "Nothing to change: the selected products already have these values.".into(),
        ));
    }
    if !posted.confirmed() {
        return posted.ask(shell, apply_question(&summary, changing));
    }
    let owner = actor.clone();
    let recorded = db::run(&state.pool, move |conn| {
        let recorded = form.recorded_operation();
        let set = NewChangeSet {
            summary: &summary,
            operation: &recorded,
            operation_value: &form.value,
            product_ids: &ids,
            request_key: Some(form.request_key.as_str()).filter(|k| !k.is_empty()),
        };
        commands::record_change_set(conn, &owner, &set)
    })
    .await?;
    let (set_id, job_id) = match recorded {
        Recorded::New(set_id, job_id) => (set_id, job_id),
        // Posted before (a double click): its page shows how far it got; nothing runs twice.
        Recorded::Again(set_id) => return Ok(htmx::redirect(&req, &page_of(set_id))),
    };
    let currency = shell.shop.currency.clone();
    let job = spawn_job(&state.pool, &catalog, job_id, move |progress| {
        progress.run(&mut ApplyRun::new(set_id, operation, actor, currency))
    });
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}

/// `GET /admin/products/changes`
pub async fn list_change_sets(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let sets = db::run(&state.pool, |conn| Ok(queries::recent_sets(conn, 100)?)).await?;
    render(StatusCode::OK, &ChangeSetsPage { shell, sets })
}

/// `GET /admin/products/changes/{id}`: the set's changes, and its progress while it runs.
pub async fn show_change_set(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<ChangeSetId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let polling = htmx::is_htmx(&req);
    let (set, job, items) = db::run(&state.pool, move |conn| {
        let set = queries::find_set(conn, id)?;
        let job = match set.job_id {
            Some(job_id) => jobs::find(conn, job_id)?,
            None => None,
        };
        if polling {
            return Ok((set, job, Vec::new()));
        }
        let reverted = set.status == ChangeSetStatus::Reverted;
        let items = queries::items_of(conn, id)?
            .into_iter()
            .filter_map(|row| ItemView::build(row, (&currency, &facets.categories), reverted))
            .collect();
        Ok((set, job, items))
    })
    .await?;
    let may_edit = shell.can(Permission::CatalogEdit);
    // Finished jobs are told by the flash and the set's state; only unfinished ones show.
    let progress = job.filter(|job| !job.is_done()).map(|job| {
        let can_resume = job.can_resume() && may_edit;
        JobView {
            job,
            poll_url: page_of(id),
            resume_url: can_resume.then(|| format!("{}/resume", page_of(id))),
        }
    });
    if polling {
        if let Some(view) = &progress {
            return jobs::fragment_response(
                view,
                &ChangeSetProgressFragment {
                    shell,
                    progress: progress.clone(),
                },
            );
        }
        return Ok(HttpResponse::Ok()
            .insert_header(("HX-Refresh", "true"))
            .finish());
    }
    let can_revert = set.status == ChangeSetStatus::Applied && may_edit;
    render(
        StatusCode::OK,
        &ChangeSetPage {
            shell,
            set,
            items,
            can_revert,
            progress,
        },
    )
}

/// `POST /admin/products/changes/{id}/revert`: restores the values from before the change set,
/// for every product not edited since; those are reported instead.
pub async fn revert_change_set(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ChangeSetId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let set_id = id.into_inner();
    if !posted.confirmed() {
        let set = db::run(&state.pool, move |conn| queries::find_set(conn, set_id)).await?;
        return posted.ask(shell, revert_question(&set));
    }
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        commands::begin_revert(conn, &owner, set_id)
    })
    .await?;
    let mut run = RevertRun {
        set_id,
        actor,
        currency: shell.shop.currency.clone(),
        shop: Shop::clone(&shell.shop),
    };
    let job = spawn_job(&state.pool, &catalog, job_id, move |progress| {
        progress.run(&mut run)
    });
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}

/// `POST /admin/products/changes/{id}/resume`: carries on with an interrupted apply or revert.
pub async fn resume_change_set(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<ChangeSetId>,
) -> Result<HttpResponse, AppError> {
    let set_id = id.into_inner();
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let claimed = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let set = queries::find_set(c, set_id)?;
            let Some(job_id) = set.job_id else {
                return Ok(None);
            };
            let operation = if set.status == ChangeSetStatus::Reverting {
                None
            } else if set.is_import() {
                // An import is resumed from its own page, which plans its file again.
                return Err(AppError::Conflict(
                    "This import is still being applied; resume it from the import's page.".into(),
                ));
            } else {
                let (name, value) = queries::recorded_operation(c, set_id)?;
                // Checked before claiming, so a refused resume leaves the job as it was.
                let form = BulkForm::from_recorded(&name, &value);
                Some(
                    Operation::parse(&form, &currency, &facets.categories)
                        .map_err(AppError::Validation)?,
                )
            };
            Ok(jobs::claim(c, job_id)?.then_some((job_id, operation)))
        })
    })
    .await?;
    let Some((job_id, operation)) = claimed else {
        // Running, finished, or taken up by someone else meanwhile: the page says which.
        return Ok(htmx::redirect(&req, &page_of(set_id)));
    };
    let currency = shell.shop.currency.clone();
    let shop = Shop::clone(&shell.shop);
    let job = spawn_job(
        &state.pool,
        &catalog,
        job_id,
        move |progress| match operation {
            None => progress.run(&mut RevertRun {
                set_id,
                actor,
                currency,
                shop,
            }),
            Some(operation) => progress.run(&mut ApplyRun::new(set_id, operation, actor, currency)),
        },
    );
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}
