//! The `jobs` row: a job's status, counts and heartbeat, and the reads and writes of it.

use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::jobs;
use crate::db::{self, DbConnection};
use crate::domain::ids::{JobId, StaffId};

/// A running job whose heartbeat is older than this was interrupted.
pub const STALE_AFTER: Duration = Duration::from_secs(60);

crate::text_enum! {
    /// Where a job stands. A running job whose heartbeat stopped is shown as interrupted (see
    /// [`Job::is_stalled`]); it and a failed one may be claimed and run again.
    pub enum JobStatus {
        Running = ("running", "Running"),
        Done = ("done", "Done"),
        Failed = ("failed", "Failed"),
    }
}

impl JobStatus {
    /// A running job ends done or failed; a failed (or interrupted, still marked running) one
    /// may run again. A done job is final.
    pub fn can_become(self, next: JobStatus) -> bool {
        use JobStatus as S;
        matches!(
            (self, next),
            (S::Running, S::Done)
                | (S::Running, S::Failed)
                | (S::Running, S::Running)
                | (S::Failed, S::Running)
        )
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub status: JobStatus,
    pub total: i64,
    pub done: i64,
    pub message: String,
    pub heartbeat_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

impl Job {
    pub fn is_done(&self) -> bool {
        self.status == JobStatus::Done
    }

    pub fn is_failed(&self) -> bool {
        self.status == JobStatus::Failed
    }

    /// Still marked running, but nothing has been written for [`STALE_AFTER`].
    pub fn is_stalled(&self) -> bool {
        self.status == JobStatus::Running && self.heartbeat_at < stale_before()
    }

    pub fn is_running(&self) -> bool {
        self.status == JobStatus::Running && !self.is_stalled()
    }

    /// May be taken up again (by [`claim`]).
    pub fn can_resume(&self) -> bool {
        self.is_failed() || self.is_stalled()
    }

    /// How far it got, as the page says it: "52,000 of 104,000" ("52,000 of …" before the
    /// total is known).
    pub fn done_of_total(&self) -> String {
        let done = crate::domain::words::grouped(self.done);
        if self.total > 0 {
            format!("{done} of {}", crate::domain::words::grouped(self.total))
        } else {
            format!("{done} of …")
        }
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
    staff_id: Option<StaffId>,
) -> QueryResult<JobId> {
    let now = db::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::status.eq(JobStatus::Running),
            jobs::total.eq(total),
            jobs::done.eq(0_i64),
            jobs::staff_id.eq(staff_id),
            jobs::created_at.eq(now),
            jobs::heartbeat_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(conn)
}

/// Starts the one job of something only one run may work on (an import's apply, a change
/// set's revert), inside the caller's transaction. `attach` hands the new job to that thing in
/// one conditional update (`… SET job_id = ? WHERE id = ? AND job_id IS NULL`) and returns the
/// rows it changed: none means another request started it first (on PostgreSQL the update waits
/// for that request's commit, then finds the job set), so this job is dropped and the answer is
/// none — one run, whatever arrives at once.
pub fn start_once(
    conn: &mut DbConnection,
    kind: &str,
    total: i64,
    staff_id: Option<StaffId>,
    attach: impl FnOnce(&mut DbConnection, JobId) -> QueryResult<usize>,
) -> QueryResult<Option<JobId>> {
    let job_id = create(conn, kind, total, staff_id)?;
    if attach(conn, job_id)? == 1 {
        return Ok(Some(job_id));
    }
    diesel::delete(jobs::table.find(job_id)).execute(conn)?;
    Ok(None)
}

pub fn find(conn: &mut DbConnection, id: JobId) -> QueryResult<Option<Job>> {
    jobs::table
        .find(id)
        .select(Job::as_select())
        .first(conn)
        .optional()
}

/// Takes up a failed or interrupted job: true if this caller now owns it. The condition is in
/// the UPDATE itself, so two instances (or two clicks) cannot both resume the same job.
pub fn claim(conn: &mut DbConnection, id: JobId) -> QueryResult<bool> {
    let claimed = diesel::update(
        jobs::table.find(id).filter(
            jobs::status.eq(JobStatus::Failed).or(jobs::status
                .eq(JobStatus::Running)
                .and(jobs::heartbeat_at.lt(stale_before()))),
        ),
    )
    .set((
        jobs::status.eq(JobStatus::Running),
        jobs::message.eq(""),
        jobs::heartbeat_at.eq(db::now()),
    ))
    .execute(conn)?;
    Ok(claimed == 1)
}

/// Takes up the job of something (an import, a bulk edit) to run it again: the job if this
/// caller now owns it, none if it is running, finished or was taken by someone else first.
pub fn claim_to_resume(
    conn: &mut DbConnection,
    job: Option<JobId>,
    what: &str,
) -> Result<Option<JobId>, crate::error::AppError> {
    let Some(job_id) = job else {
        return Err(crate::error::AppError::Conflict(format!(
            "This {what} has not been started; apply it first."
        )));
    };
    Ok(claim(conn, job_id)?.then_some(job_id))
}

/// Sets how many items the run has in all (known only once it has been planned).
pub fn set_total(conn: &mut DbConnection, id: JobId, total: i64) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set(jobs::total.eq(total))
        .execute(conn)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::JobStatus as S;

    #[test]
    fn a_job_ends_once_and_only_a_failed_or_interrupted_one_runs_again() {
        let all = [S::Running, S::Done, S::Failed];
        let allowed: Vec<(S, S)> = all
            .iter()
            .flat_map(|&from| all.iter().map(move |&to| (from, to)))
            .filter(|&(from, to)| from.can_become(to))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (S::Running, S::Running),
                (S::Running, S::Done),
                (S::Running, S::Failed),
                (S::Failed, S::Running)
            ]
        );
        for status in all {
            assert_eq!(S::parse(status.as_str()), Some(status));
        }
    }
}
