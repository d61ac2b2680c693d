//! Jobs on the web: answering the request that starts one, and the progress fragment.

use super::model::{Job, find};
use crate::db::{self, DbPool};
use crate::domain::ids::JobId;
use crate::error::AppError;

/// How long a request that starts a job waits for it before showing its progress page instead:
/// small runs finish within it and answer as if they were synchronous.
pub const WAIT_FOR_SMALL_JOBS: std::time::Duration = std::time::Duration::from_millis(1500);

/// Answers the request that started or resumed a job. A run that ends within
/// [`WAIT_FOR_SMALL_JOBS`] is reported at once, by a flash on `done_location`; a longer one (or
/// one that failed) sends the browser to `page`, where its progress or its failure shows.
pub async fn answer(
    req: &actix_web::HttpRequest,
    pool: &DbPool,
    ended: tokio::sync::oneshot::Receiver<()>,
    job_id: JobId,
    done_location: &str,
    page: &str,
) -> Result<actix_web::HttpResponse, AppError> {
    let ended_soon = matches!(
        actix_web::rt::time::timeout(WAIT_FOR_SMALL_JOBS, ended).await,
        Ok(Ok(()))
    );
    if ended_soon {
        let job = db::run(pool, move |conn| Ok(find(conn, job_id)?)).await?;
        if let Some(job) = job.filter(Job::is_done) {
            return Ok(crate::web::flash::redirect(
                req,
                done_location,
                crate::web::flash::FlashMessage::success(job.message),
            ));
        }
    }
    Ok(crate::web::htmx::redirect(req, page))
}

/// What a progress display needs.
#[derive(Debug, Clone)]
pub struct JobView {
    pub job: Job,
    /// The page showing the job (polled by htmx, reloaded without JavaScript).
    pub poll_url: String,
    /// Where a resume is posted, if the merchant may resume it.
    pub resume_url: Option<String>,
}

/// The answer to htmx polling a job's page: the progress fragment while the job runs; once it
/// has ended, a full reload, since the rest of the page (counts, tables, buttons) changes too.
pub fn fragment_response<T: askama::Template>(
    view: &JobView,
    fragment: &T,
) -> Result<actix_web::HttpResponse, AppError> {
    if view.job.is_running() {
        crate::web::render(actix_web::http::StatusCode::OK, fragment)
    } else {
        Ok(actix_web::HttpResponse::Ok()
            .insert_header(("HX-Refresh", "true"))
            .finish())
    }
}
