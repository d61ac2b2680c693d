//! Running a job: its thread, its chunks and their count, the one skeleton every kind of run
//! follows ([`ChunkedRun`]), and its end.

use diesel::prelude::*;

use super::model::{JobStatus, find, set_total};
use crate::db::schema::jobs;
use crate::db::{self, DbConnection, DbPool};
use crate::domain::ids::JobId;
use crate::error::AppError;

/// Handed to a job's work: runs its chunks and counts them.
pub struct Progress {
    pool: DbPool,
    job_id: JobId,
}

impl Progress {
    pub fn job_id(&self) -> JobId {
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
fn finish(pool: &DbPool, job_id: JobId, outcome: &Result<String, AppError>) {
    let (status, message) = match outcome {
        Ok(message) => (JobStatus::Done, message.clone()),
        Err(error) => {
            if matches!(error, AppError::Unexpected(_)) {
                tracing::error!(job = job_id.get(), %error, "job failed");
            }
            (JobStatus::Failed, error.public_message())
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
        tracing::error!(job = job_id.get(), %error, "could not record the end of a job");
    }
}

/// Starts `work` on its own thread (a job is rare and long; it should not hold one of the
/// request threads). The returned receiver fires when the job has ended either way.
pub fn spawn<F>(pool: &DbPool, job_id: JobId, work: F) -> tokio::sync::oneshot::Receiver<()>
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
        tracing::error!(job = job_id.get(), %error, "could not start a job thread");
        finish(
            pool,
            job_id,
            &Err(AppError::Unexpected(format!("thread: {error}"))),
        );
    }
    receiver
}
