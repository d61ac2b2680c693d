//! Inventory import handlers: the form and template, the upload with its check, an import's
//! page, applying it and resuming it.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, StockImportRun};
use super::format::MAX_FILE_BYTES;
use super::plan::plan;
use super::queries::{load_import, shown_lines, skipped_count};
use super::rows::Importer;
use super::views::{CheckPage, ImportPage, ImportProgressFragment, UploadPage, apply_question};
use crate::app::{AppState, take_turn};
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::{ReasonId, StockImportId};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::adjust::reason_choices;
use crate::jobs::{self, JobView};
use crate::web::confirm::Posted;
use crate::web::shell::Shell;
use crate::web::{htmx, render, upload};

fn page_of(id: StockImportId) -> String {
    format!("/admin/inventory/imports/{id}")
}

async fn upload_page(
    shell: Shell,
    state: &AppState,
    status: StatusCode,
    error: Option<String>,
) -> Result<HttpResponse, AppError> {
    let reasons = db::run(&state.pool, |conn| Ok(reason_choices(conn)?)).await?;
    render(
        status,
        &UploadPage {
            shell,
            reasons: reasons
                .into_iter()
                .map(|(id, label, _)| (id, label))
                .collect(),
            error,
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        },
    )
}

/// `GET /admin/inventory/import`
pub async fn import_form(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    upload_page(shell, &state, StatusCode::OK, None).await
}

/// `GET /admin/inventory/import/template.csv`
pub async fn import_template() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"stock-template.csv\"",
        ))
        .body(super::format::template())
}

/// `POST /admin/inventory/import` (multipart: `file`, optional `reason`): checks the file.
/// With errors, the check lists them (422) and nothing is kept; otherwise the lines are kept
/// and the browser goes to the import's page, which shows them and asks to apply.
pub async fn check_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let upload = match upload::read_csv(&req, &mut payload, MAX_FILE_BYTES).await? {
        Ok(upload) => upload,
        Err(refused) => {
            return upload_page(shell, &state, refused.status, Some(refused.message)).await;
        }
    };
    let default_reason = match upload.field("reason").unwrap_or_default() {
        "" => None,
        typed => match typed.parse::<ReasonId>() {
            Ok(id) => Some(id),
            Err(_) => {
                return upload_page(
                    shell,
                    &state,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some("Choose one of the reasons listed.".into()),
                )
                .await;
            }
        },
    };
    let may_reorder = shell.can(Permission::InventoryManage);
    let me = actor.staff_id;
    let file_name = upload.file_name.clone();
    let content = upload.content;
    // One check at a time: a file's plan takes several times its size in memory.
    let turn = take_turn(&state.heavy.csv_checks, "CSV files").await?;
    let outcome = db::run(&state.pool, move |conn| {
        let _turn = turn;
        let importer = Importer {
            scope: scope_for(conn, me)?,
            may_reorder,
            default_reason,
        };
        let plan = match plan(conn, &content, &importer) {
            Ok(plan) => plan,
            Err(AppError::Validation(message)) => return Ok(Err(message)),
            Err(other) => return Err(other),
        };
        if !plan.errors.is_empty() || plan.lines.is_empty() {
            return Ok(Ok((None, plan)));
        }
        let id = commands::store(conn, &actor, &file_name, &plan)?;
        Ok(Ok((Some(id), plan)))
    })
    .await?;
    let (stored, plan) = match outcome {
        Ok(result) => result,
        Err(message) => {
            return upload_page(
                shell,
                &state,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
            )
            .await;
        }
    };
    if let Some(id) = stored {
        return Ok(htmx::redirect(&req, &page_of(id)));
    }
    let status = if plan.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let hidden_errors = plan.errors.len().saturating_sub(500);
    let mut errors = plan.errors;
    errors.truncate(500);
    render(
        status,
        &CheckPage {
            shell,
            file_name: upload.file_name,
            rows: plan.rows,
            nothing_to_change: errors.is_empty(),
            errors,
            hidden_errors,
            unchanged: plan.unchanged,
        },
    )
}

/// `GET /admin/inventory/imports/{id}`: the lines before applying; progress and outcome after
/// (polled by htmx while it runs).
pub async fn show_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StockImportId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let polled = htmx::is_htmx(&req);
    let (import, job, lines, skipped) = db::run(&state.pool, move |conn| {
        let import = load_import(conn, id, &actor)?;
        let job = match import.job_id {
            Some(job_id) => jobs::find(conn, job_id)?,
            None => None,
        };
        let applying = job.is_some();
        let (lines, skipped) = if polled {
            (Vec::new(), 0)
        } else {
            let skipped = if applying {
                skipped_count(conn, id)?
            } else {
                0
            };
            (shown_lines(conn, id, applying)?, skipped)
        };
        Ok((import, job, lines, skipped))
    })
    .await?;
    let page = page_of(id);
    let progress = job.map(|job| JobView {
        resume_url: job.can_resume().then(|| format!("{page}/resume")),
        poll_url: page.clone(),
        job,
    });
    if polled {
        if let Some(progress) = &progress {
            return jobs::fragment_response(
                progress,
                &ImportProgressFragment {
                    shell,
                    progress: progress.clone(),
                },
            );
        }
    }
    render(
        StatusCode::OK,
        &ImportPage {
            shell,
            id: id.get(),
            file_name: import.file_name,
            rows: import.row_count,
            line_count: import.line_count,
            lines,
            progress,
            skipped,
        },
    )
}

/// Starts (or resumes) the run: a small import answers at once, a larger one with its page.
async fn start(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    id: StockImportId,
    job_id: crate::domain::ids::JobId,
    actor: Actor,
) -> Result<HttpResponse, AppError> {
    let turn = take_turn(&state.heavy.csv_checks, "CSV files").await?;
    let ended = jobs::spawn(&state.pool, job_id, move |progress| {
        progress.run(&mut StockImportRun::new(id, actor, turn))
    });
    let page = page_of(id);
    jobs::answer(req, &state.pool, ended, job_id, &page, &page).await
}

/// `POST /admin/inventory/imports/{id}/apply`: asks first, then applies the checked lines.
pub async fn apply_import(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StockImportId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let owner = actor.clone();
    if !posted.confirmed() {
        let import = db::run(&state.pool, move |conn| load_import(conn, id, &owner)).await?;
        return posted.ask(shell, apply_question(id.get(), import.line_count));
    }
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        commands::begin_apply(conn, &owner, id)
    })
    .await?;
    // Started already (another click or tab): its page says how far it got.
    let Some(job_id) = job_id else {
        return Ok(htmx::redirect(&req, &page_of(id)));
    };
    start(&req, &state, id, job_id, actor).await
}

/// `POST /admin/inventory/imports/{id}/resume`: carries on with a failed or interrupted run.
pub async fn resume_import(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StockImportId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let job = load_import(c, id, &owner)?.job_id;
            jobs::claim_to_resume(c, job, "import")
        })
    })
    .await?;
    match job_id {
        Some(job_id) => start(&req, &state, id, job_id, actor).await,
        None => Ok(htmx::redirect(&req, &page_of(id))),
    }
}
