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

mod http;
mod model;
mod run;

pub use http::{JobView, answer, fragment_response};
pub use model::{Job, JobStatus, STALE_AFTER, claim, claim_to_resume, create, find, start_once};
pub use run::{ChunkedRun, Progress, spawn};
