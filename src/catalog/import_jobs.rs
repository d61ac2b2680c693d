//! Applying a checked CSV import: in the background, in chunks of products, with a progress page
//! and resume (see [`crate::jobs`]).
//!
//! A run plans the stored file afresh against the catalog, then saves the products to create or
//! update, a chunk per transaction. Resuming is planning again: products written by the earlier
//! run now match the file and plan as "unchanged", so nothing is written twice.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::CatalogState;
use crate::catalog::change_sets;
use crate::catalog::csv_io::{self, Planned};
use crate::catalog::products::{SaveOutcome, save_product_in};
use crate::catalog::search;
use crate::db::schema::catalog_imports;
use crate::db::{self, DbConnection};
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::jobs::{self, JobView, Progress};
use crate::shop::Shop;
use crate::web::shell::Shell;
use crate::web::{htmx, render};

/// Products saved per transaction: small enough that other edits wait at most a moment for the
/// write lock, large enough that the per-transaction cost (an fsync on SQLite) stays small.
pub const CHUNK: usize = 100;

pub const JOB_KIND: &str = "catalog.import";

#[derive(Template)]
#[template(path = "catalog/import_progress.html")]
pub struct ImportProgressPage {
    pub shell: Shell,
    pub file_name: String,
    pub created: i64,
    pub updated: i64,
    pub progress: JobView,
}

#[derive(Template)]
#[template(path = "catalog/import_progress.html", block = "progress_block")]
pub struct ImportProgressFragment {
    pub shell: Shell,
    pub progress: JobView,
}

/// An upload's state, without its file: the polled page and the buttons need only this.
struct ImportState {
    applied_at: Option<chrono::NaiveDateTime>,
    job_id: Option<i64>,
    file_name: String,
    created: i64,
    updated: i64,
}

fn load_import(conn: &mut DbConnection, id: i64, actor: &Actor) -> Result<ImportState, AppError> {
    type Row = (
        Option<i64>,
        Option<chrono::NaiveDateTime>,
        Option<i64>,
        String,
        i64,
        i64,
    );
    let (staff_id, applied_at, job_id, file_name, created, updated): Row = catalog_imports::table
        .find(id)
        .select((
            catalog_imports::staff_id,
            catalog_imports::applied_at,
            catalog_imports::job_id,
            catalog_imports::file_name,
            catalog_imports::created_count,
            catalog_imports::updated_count,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    // An upload is its uploader's: others cannot see or apply it by guessing the id.
    if staff_id != actor.staff_id {
        return Err(AppError::NotFound);
    }
    Ok(ImportState {
        applied_at,
        job_id,
        file_name,
        created,
        updated,
    })
}

fn page_of(import_id: i64) -> String {
    format!("/admin/products/import/{import_id}")
}

/// Saves these planned products inside the caller's transaction.
pub fn apply(
    conn: &mut DbConnection,
    actor: &Actor,
    planned: &[&Planned],
    currency: &Currency,
    shop: &Shop,
) -> Result<(), AppError> {
    for planned in planned {
        match save_product_in(
            conn,
            actor,
            planned.existing,
            &planned.valid,
            currency,
            shop,
        )? {
            SaveOutcome::Saved(_) => {}
            SaveOutcome::Invalid(errors) => {
                let first = errors
                    .fields
                    .iter()
                    .next()
                    .map(|(f, m)| format!("{f}: {m}"))
                    .or_else(|| {
                        errors
                            .rows
                            .iter()
                            .flat_map(|r| r.iter())
                            .next()
                            .map(|(f, m)| format!("{f}: {m}"))
                    });
                return Err(AppError::Validation(format!(
                    "{}: {}",
                    planned.title,
                    first.unwrap_or_default()
                )));
            }
            SaveOutcome::Stale { .. } => {
                return Err(AppError::Conflict(format!(
                    "{} was changed by someone else during the import. Resume to carry on with the current values.",
                    planned.title
                )));
            }
        }
    }
    Ok(())
}

/// The whole run, on the job's thread.
fn run(
    progress: &Progress,
    import_id: i64,
    actor: &Actor,
    currency: &Currency,
    shop: &Shop,
) -> Result<String, AppError> {
    let (plan, done_before) = progress.read(|conn| {
        load_import(conn, import_id, actor)?;
        let content: String = catalog_imports::table
            .find(import_id)
            .select(catalog_imports::content)
            .first(conn)?;
        let plan = csv_io::plan(conn, &content, currency)?;
        let done_before = jobs::find(conn, progress.job_id())?.map_or(0, |job| job.done);
        Ok((plan, done_before))
    })?;
    if !plan.errors.is_empty() {
        return Err(AppError::Validation(format!(
            "The file has {} error(s) now: the catalog changed since the check. Upload it again to see them.",
            plan.errors.len()
        )));
    }
    let work: Vec<&Planned> = plan.creates.iter().chain(&plan.updates).collect();
    progress.read(|conn| {
        Ok(jobs::set_total(
            conn,
            progress.job_id(),
            done_before + work.len() as i64,
        )?)
    })?;
    for chunk in work.chunks(CHUNK) {
        let created = chunk.iter().filter(|p| p.existing.is_none()).count() as i64;
        let updated = chunk.len() as i64 - created;
        progress.chunk(chunk.len() as i64, |c| {
            apply(c, actor, chunk, currency, shop)?;
            diesel::update(catalog_imports::table.find(import_id))
                .set((
                    catalog_imports::created_count.eq(catalog_imports::created_count + created),
                    catalog_imports::updated_count.eq(catalog_imports::updated_count + updated),
                ))
                .execute(c)?;
            Ok(())
        })?;
    }
    // The closing transaction: mark the upload applied and write its one summary audit row.
    let (created, updated) = progress.chunk(0, |c| {
        let (created, updated): (i64, i64) = catalog_imports::table
            .find(import_id)
            .select((
                catalog_imports::created_count,
                catalog_imports::updated_count,
            ))
            .first(c)?;
        diesel::update(catalog_imports::table.find(import_id))
            .set(catalog_imports::applied_at.eq(db::now()))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "import",
                entity_id: Some(import_id.to_string()),
                action: "catalog.import_applied",
                before: None,
                after: Some(json!({ "created": created, "updated": updated, "rows": plan.rows })),
            },
        )?;
        Ok((created, updated))
    })?;
    // Not part of the import's outcome: a failure here leaves a slower index, nothing wrong.
    if let Err(error) = progress.chunk(0, |c| Ok(search::tidy(c)?)) {
        tracing::warn!(%error, "search index not tidied after an import");
    }
    Ok(format!(
        "Import applied: {created} product(s) created, {updated} updated."
    ))
}

/// Starts (or resumes) the run and answers: a small import at once, a larger one with its page.
async fn start(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    catalog: &web::Data<CatalogState>,
    shell: &Shell,
    import_id: i64,
    job_id: i64,
    actor: Actor,
) -> Result<HttpResponse, AppError> {
    let currency = shell.shop.currency.clone();
    let shop = Shop::clone(&shell.shop);
    let ended = change_sets::start(&state.pool, catalog, job_id, move |progress| {
        run(progress, import_id, &actor, &currency, &shop)
    });
    let page = page_of(import_id);
    jobs::answer(req, &state.pool, ended, job_id, "/admin/products", &page).await
}

/// `POST /admin/products/import/{id}/apply`: starts applying a checked upload.
pub async fn apply_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let import_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let page = page_of(import_id);
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let upload = load_import(c, import_id, &owner)?;
            if upload.applied_at.is_some() || upload.job_id.is_some() {
                // Applied, or started by another click: show that instead of starting again.
                return Ok(None);
            }
            let job_id = jobs::create(c, JOB_KIND, 0, owner.staff_id)?;
            diesel::update(catalog_imports::table.find(import_id))
                .set(catalog_imports::job_id.eq(job_id))
                .execute(c)?;
            Ok(Some(job_id))
        })
    })
    .await?;
    let Some(job_id) = job_id else {
        return Ok(htmx::redirect(&req, &page));
    };
    start(&req, &state, &catalog, &shell, import_id, job_id, actor).await
}

/// `POST /admin/products/import/{id}/resume`: carries on with a failed or interrupted run.
pub async fn resume_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let import_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let page = page_of(import_id);
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let Some(job_id) = load_import(c, import_id, &owner)?.job_id else {
                return Err(AppError::Conflict(
                    "This import has not been started; apply it first.".into(),
                ));
            };
            Ok(jobs::claim(c, job_id)?.then_some(job_id))
        })
    })
    .await?;
    match job_id {
        Some(job_id) => start(&req, &state, &catalog, &shell, import_id, job_id, actor).await,
        // Running, finished, or claimed by someone else in the meantime: the page says which.
        None => Ok(htmx::redirect(&req, &page)),
    }
}

/// `GET /admin/products/import/{id}`: how the applying of an upload is going (polled by htmx).
pub async fn show_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let import_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let (upload, job) = db::run(&state.pool, move |conn| {
        let upload = load_import(conn, import_id, &actor)?;
        let job = match upload.job_id {
            Some(job_id) => jobs::find(conn, job_id)?,
            None => None,
        };
        Ok((upload, job))
    })
    .await?;
    let Some(job) = job else {
        return Err(AppError::NotFoundMessage(
            "This upload has not been applied. Upload the file again to check it.".into(),
        ));
    };
    let can_resume = job.can_resume();
    let page = page_of(import_id);
    let progress = JobView {
        job,
        resume_url: can_resume.then(|| format!("{page}/resume")),
        poll_url: page,
    };
    if htmx::is_htmx(&req) {
        return jobs::fragment_response(
            &progress,
            &ImportProgressFragment {
                shell,
                progress: progress.clone(),
            },
        );
    }
    render(
        StatusCode::OK,
        &ImportProgressPage {
            shell,
            file_name: upload.file_name,
            created: upload.created,
            updated: upload.updated,
            progress,
        },
    )
}
