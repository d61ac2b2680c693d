//! Transfer writes: the only writer of transfers and their lines (`draft`), and their moves
//! (`moves`), stock moving only through the ledger's writer.

mod draft;
mod moves;

use super::models::TransferStatus;
use super::queries;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::TransferId;
use crate::error::AppError;
use crate::inventory::access::admit_at;

pub use draft::save_draft;
pub use moves::{cancel, close_short, receive, send};

/// Who may move a transfer: its origin sends, edits and cancels it; its destination receives
/// and closes it (`documents` asks before every move).
pub fn admit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TransferId,
    to: TransferStatus,
) -> Result<(), AppError> {
    let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    let end = match to {
        TransferStatus::Closed => transfer.to_location_id,
        TransferStatus::Draft | TransferStatus::Sent | TransferStatus::Cancelled => {
            transfer.from_location_id
        }
    };
    admit_at(conn, actor, &[end])
}
