//! Stocktake writes: starting a count (`start`), counting its lines (`counting`), posting or
//! abandoning it (`closing`); stock moves only through the ledger's writer.

mod closing;
mod counting;
mod start;

use super::models::CountStatus;
use super::queries;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::CountId;
use crate::error::AppError;
use crate::inventory::access::admit_at;

pub use closing::{abandon_count, post_count};
pub use counting::{ScanOutcome, record_line, scan};
pub use start::{StartOutcome, start_count};

/// Who may count, post or abandon a stocktake: those who work at its location.
pub fn admit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
    _: CountStatus,
) -> Result<(), AppError> {
    let count = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    admit_at(conn, actor, &[count.location_id])
}
