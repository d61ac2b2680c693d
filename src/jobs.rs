//! Long runs — applying a CSV import, a bulk edit or its revert — done in the background, in
//! chunks of one transaction each, with their progress on a `jobs` row.
//!
//! Why chunks rather than one transaction: on SQLite one long write transaction would hold the
//! write lock for its whole run, so every other edit in the shop would wait and then get a 503;
//! and nobody could see how far it got. Each chunk adds its item count to `jobs.done` in the
//! same transaction as its writes, so the count always matches what is in the database. A run
//! that dies with its process (crash, deploy, `kill -9`) stops updating its heartbeat; its page
//! then offers to resume it, and the area's resume code carries on from `done`. The work of
//! each kind is written so that running a chunk again cannot apply it twice.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::jobs;
use crate::db::{self, DbConnection, DbPool};
use crate::error::AppError;

/// A running job whose heartbeat is older than this was interrupted.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

/// How long a request that starts a job waits for it before showing its progress page instead:
/// small runs finish within it and answer as if they were synchronous.
pub const WAIT_FOR_SMALL_JOBS: Duration = Duration::from_millis(1500);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub status: String,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub heartbeat_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl Job {
    pub fn is_done(&self) -> bool {
        self.status == "done"
    }

    pub fn is_failed(&self) -> bool {
        self.status == "failed"
    }

    /// Still marked running, but nothing has been written for [`STALE_AFTER`].
    pub fn is_stalled(&self) -> bool {
        self.status == "running" && self.heartbeat_at < stale_before()
    }

    pub fn is_running(&self) -> bool {
        self.status == "running" && !self.is_stalled()
    }

    /// May be taken up again (by [`claim`]).
    pub fn can_resume(&self) -> bool {
        self.is_failed() || self.is_stalled()
    }

    /// Whole percent done, 0–100.
    pub fn percent(&self) -> i64 {
        if self.total <= 0 {
            return if self.is_done() { 100 } else { 0 };
        }
        (self.done.clamp(0, self.total) * 100) / self.total
    }
}

fn stale_before() -> NaiveDateTime {
    db::now() - chrono::Duration::from_std(STALE_AFTER).unwrap_or(chrono::Duration::zero())
}

/// Creates a running job, inside the caller's transaction (so it exists exactly when the thing
/// it works on does).
pub fn create(
    conn: &mut DbConnection,
    kind: &str,
    total: i64,
    staff_id: Option<i64>,
) -> QueryResult<i64> {
    let now = db::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::status.eq("running"),
            jobs::total.eq(total),
            jobs::done.eq(0_i64),
            jobs::staff_id.eq(staff_id),
            jobs::created_at.eq(now),
            jobs::heartbeat_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(conn)
}

pub fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Job>> {
    jobs::table
        .find(id)
        .select(Job::as_select())
        .first(conn)
        .optional()
}

/// Takes up a failed or interrupted job: true if this caller now owns it. The condition is in
/// the UPDATE itself, so two instances (or two clicks) cannot both resume the same job.
pub fn claim(conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
    let claimed = diesel::update(
        jobs::table.find(id).filter(
            jobs::status.eq("failed").or(jobs::status
                .eq("running")
                .and(jobs::heartbeat_at.lt(stale_before()))),
        ),
    )
    .set((
        jobs::status.eq("running"),
        jobs::message.eq(""),
        jobs::heartbeat_at.eq(db::now()),
    ))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// Sets how many items the run has in all (known only once it has been planned).
pub fn set_total(conn: &mut DbConnection, id: i64, total: i64) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set(jobs::total.eq(total))
        .execute(conn)
        .map(drop)
}

/// Counts `items` done, inside the caller's chunk (for work that learns its chunk's size only
/// once it has read it).
pub fn add_done(conn: &mut DbConnection, id: i64, items: i64) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set(jobs::done.eq(jobs::done + items))
        .execute(conn)
        .map(drop)
}

/// Handed to a job's work: runs its chunks and counts them.
pub struct Progress {
    pool: DbPool,
    job_id: i64,
}

impl Progress {
    pub fn job_id(&self) -> i64 {
        self.job_id
    }

    /// Runs one chunk in its own write transaction and adds `items` to the job's count in that
    /// same transaction.
    pub fn chunk<T>(
        &self,
        items: i64,
        mut work: impl FnMut(&mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.pool.get().map_err(|_| AppError::Unavailable)?;
        db::write(&mut conn, |c| {
            let value = work(c)?;
            diesel::update(jobs::table.find(self.job_id))
                .set((
                    jobs::done.eq(jobs::done + items),
                    jobs::heartbeat_at.eq(db::now()),
                ))
                .execute(c)?;
            Ok(value)
        })
    }

    /// Reads outside any chunk (planning, say).
    pub fn read<T>(
        &self,
        work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut conn = self.pool.get().map_err(|_| AppError::Unavailable)?;
        work(&mut conn)
    }
}

/// A chunked, resumable background run: what is left, one chunk's writes, and the closing
/// transaction. [`Progress::run`] drives every kind the same way: it reads what is left after
/// the items earlier runs of the job finished, writes each chunk in a transaction that also
/// counts it, and ends with one closing transaction (the final state and the one summary audit
/// row).
pub trait ChunkedRun {
    /// One unit of work (a product id, a planned product, a change set item).
    type Item;
    /// Items per transaction.
    const CHUNK: usize;

    /// What is left, given how many items earlier runs of this job finished. Runs outside any
    /// transaction.
    fn remaining(
        &mut self,
        conn: &mut DbConnection,
        done: i64,
    ) -> Result<Vec<Self::Item>, AppError>;

    /// One chunk's writes, inside the transaction that counts them. It may run again after a
    /// lock timeout rolled it back, so it keeps its counts in the database, not in `self`.
    fn write_chunk(
        &mut self,
        conn: &mut DbConnection,
        items: &[Self::Item],
    ) -> Result<(), AppError>;

    /// The closing transaction; returns the message the person sees.
    fn close(&mut self, conn: &mut DbConnection) -> Result<String, AppError>;
}

impl Progress {
    /// Runs a [`ChunkedRun`] from where this job stands to its end.
    pub fn run<R: ChunkedRun>(&self, run: &mut R) -> Result<String, AppError> {
        let items = self.read(|conn| {
            let done = find(conn, self.job_id)?.map_or(0, |job| job.done);
            let items = run.remaining(conn, done)?;
            set_total(conn, self.job_id, done + items.len() as i64)?;
            Ok(items)
        })?;
        for chunk in items.chunks(R::CHUNK) {
            self.chunk(chunk.len() as i64, |c| run.write_chunk(c, chunk))?;
        }
        self.chunk(0, |c| run.close(c))
    }
}

/// Ends a job: done with the outcome, or failed with the reason the merchant sees.
fn finish(pool: &DbPool, job_id: i64, outcome: &Result<String, AppError>) {
    let (status, message) = match outcome {
        Ok(message) => ("done", message.clone()),
        Err(error) => {
            if matches!(error, AppError::Unexpected(_)) {
                tracing::error!(job = job_id, %error, "job failed");
            }
            ("failed", error.public_message())
        }
    };
    let written = pool
        .get()
        .map_err(|_| AppError::Unavailable)
        .and_then(|mut conn| {
            db::write(&mut conn, |c| {
                diesel::update(jobs::table.find(job_id))
                    .set((
                        jobs::status.eq(status),
                        jobs::message.eq(&message),
                        jobs::heartbeat_at.eq(db::now()),
                        jobs::finished_at.eq(db::now()),
                    ))
                    .execute(c)?;
                Ok(())
            })
        });
    if let Err(error) = written {
        // The heartbeat stops, so the job shows as interrupted and can be resumed.
        tracing::error!(job = job_id, %error, "could not record the end of a job");
    }
}

/// Starts `work` on its own thread (a job is rare and long; it should not hold one of the
/// request threads). The returned receiver fires when the job has ended either way.
pub fn spawn<F>(pool: &DbPool, job_id: i64, work: F) -> tokio::sync::oneshot::Receiver<()>
where
    F: FnOnce(&Progress) -> Result<String, AppError> + Send + 'static,
{
    let (ended, receiver) = tokio::sync::oneshot::channel();
    let progress = Progress {
        pool: pool.clone(),
        job_id,
    };
    let started = std::thread::Builder::new()
        .name(format!("job-{job_id}"))
        .spawn(move || {
            let outcome = work(&progress);
            finish(&progress.pool, job_id, &outcome);
            let _ = ended.send(());
        });
    if let Err(error) = started {
        tracing::error!(job = job_id, %error, "could not start a job thread");
        finish(
            pool,
            job_id,
            &Err(AppError::Unexpected(format!("thread: {error}"))),
        );
    }
    receiver
}

/// Answers the request that started or resumed a job. A run that ends within
/// [`WAIT_FOR_SMALL_JOBS`] is reported at once, by a flash on `done_location`; a longer one (or
/// one that failed) sends the browser to `page`, where its progress or its failure shows.
pub async fn answer(
    req: &actix_web::HttpRequest,
    pool: &DbPool,
    ended: tokio::sync::oneshot::Receiver<()>,
    job_id: i64,
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
