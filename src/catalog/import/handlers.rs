//! Import and export handlers: the CSV export, the upload with its dry run, applying it with
//! its progress page, and resume.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, ImportRun};
use super::format::{COLUMNS, MAX_FILE_BYTES};
use super::plan::plan;
use super::queries::load_import;
use super::views::{
    ErrorLine, ImportHistoryPage, ImportPage, ImportProgressFragment, ImportProgressPage,
    ImportResultPage, Listed, apply_question,
};
use crate::app::{AppState, take_turn};
use crate::auth::Actor;
use crate::catalog::state::spawn_job;
use crate::catalog::{CatalogState, search};
use crate::db;
use crate::domain::ids::{ImportId, JobId};
use crate::error::AppError;
use crate::jobs::{self, JobView};
use crate::shop::Shop;
use crate::web::confirm::Posted;
use crate::web::shell::Shell;
use crate::web::upload;
use crate::web::{htmx, render};

fn page_of(import_id: ImportId) -> String {
    format!("/admin/products/import/{import_id}")
}

/// `GET /admin/products/imports`: every upload, newest first, with its outcome.
pub async fn import_history(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, AppError> {
    let imports = db::run(&state.pool, move |conn| {
        Ok(super::queries::history(conn, &actor, 100)?)
    })
    .await?;
    render(StatusCode::OK, &ImportHistoryPage { shell, imports })
}

/// `GET /admin/products/import`
pub async fn import_form(shell: Shell) -> Result<HttpResponse, AppError> {
    render(
        StatusCode::OK,
        &ImportPage {
            shell,
            columns: &COLUMNS,
            error: None,
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        },
    )
}

fn import_error(
    shell: Shell,
    status: StatusCode,
    message: String,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &ImportPage {
            shell,
            columns: &COLUMNS,
            error: Some(message),
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        },
    )
}

/// `POST /admin/products/import` (multipart, field `file`): stores the file and shows the dry run.
pub async fn dry_run_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = match upload::read_csv(&req, &mut payload, MAX_FILE_BYTES).await? {
        Ok(upload) => upload,
        Err(refused) => return import_error(shell, refused.status, refused.message),
    };
    let (file_name, content) = (upload.file_name, upload.content);
    let currency = shell.shop.currency.clone();
    let stored_name = file_name.clone();
    // One check at a time: checking a file takes several times its size in memory.
    let turn = take_turn(&state.heavy.csv_checks, "CSV files").await?;
    let outcome = db::run(&state.pool, move |conn| {
        let _turn = turn;
        // The page lists the first products; the rest are only counted as they go by.
        let mut listed = Listed::default();
        let planned = plan(conn, &content, &currency, |product| {
            listed.take(product);
            Ok(())
        });
        let plan = match planned {
            Ok(plan) => plan,
            Err(AppError::Validation(message)) => return Ok(Err(message)),
            Err(other) => return Err(other),
        };
        let counts = (plan.rows as i64, plan.errors.len() as i64);
        let id = commands::store_upload(conn, &actor, &stored_name, &content, counts)?;
        // Each upload also drops the files no longer needed, so stored files stay few.
        let purged = commands::purge_stored_files(conn)?;
        if purged.files > 0 {
            tracing::info!(
                files = purged.files,
                characters = purged.characters,
                "import files purged"
            );
        }
        Ok(Ok((id, plan, listed.into_list())))
    })
    .await?;
    let (import_id, plan, changed) = match outcome {
        Ok(result) => result,
        Err(message) => return import_error(shell, StatusCode::UNPROCESSABLE_ENTITY, message),
    };
    let status = if plan.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let hidden_errors = plan.errors.len().saturating_sub(500);
    let errors: Vec<ErrorLine> = plan
        .errors
        .iter()
        .take(500)
        .map(|e| {
            let (handle, sku) = plan.record_of(e.line);
            ErrorLine {
                row: e.line,
                handle,
                sku,
                message: e.message.clone(),
            }
        })
        .collect();
    render(
        status,
        &ImportResultPage {
            shell,
            import_id,
            file_name,
            rows: plan.rows,
            create_variants: plan.create_variants,
            creates: plan.creates,
            updates: plan.updates,
            unchanged: plan.unchanged,
            errors,
            hidden_errors,
            changed,
            format_note: plan.format_note(),
        },
    )
}
/// Starts (or resumes) the run and answers: a small import at once, a larger one with its page.
async fn start(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    catalog: &web::Data<CatalogState>,
    shell: &Shell,
    import_id: ImportId,
    job_id: JobId,
    actor: Actor,
) -> Result<HttpResponse, AppError> {
    let currency = shell.shop.currency.clone();
    let shop = Shop::clone(&shell.shop);
    let turn = take_turn(&state.heavy.csv_checks, "CSV files").await?;
    let ended = spawn_job(&state.pool, catalog, job_id, move |progress| {
        let outcome = progress.run(&mut ImportRun::new(import_id, actor, currency, shop, turn));
        // Not part of the import's outcome: a failure here leaves a slower index, nothing wrong.
        if let Err(error) = progress.chunk(0, |c| Ok(search::tidy(c)?)) {
            tracing::warn!(%error, "search index not tidied after an import");
        }
        outcome
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
    id: web::Path<ImportId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let import_id = id.into_inner();
    if !posted.confirmed() {
        // The counts the check showed, posted back with the form: they only word the question.
        let counted = |name: &str| {
            posted
                .pairs()
                .iter()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0)
        };
        let question = apply_question(counted("creates"), counted("updates"));
        return posted.ask(shell, question);
    }
    let page = page_of(import_id);
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        commands::begin_apply(conn, &owner, import_id)
    })
    .await?;
    // Applied, or started by another click: show that instead of starting again.
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
    id: web::Path<ImportId>,
) -> Result<HttpResponse, AppError> {
    let import_id = id.into_inner();
    let page = page_of(import_id);
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let job = load_import(c, import_id, &owner)?.job_id;
            jobs::claim_to_resume(c, job, "import")
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
    id: web::Path<ImportId>,
) -> Result<HttpResponse, AppError> {
    let import_id = id.into_inner();
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
