//! The transfers table for `documents`: its marker, and who may move one of its documents
//! (asked by `documents` before every move, so no route can forget it).

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{transfer_lines, transfers};
use crate::domain::ids::TransferId;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::transfers::models::TransferStatus;
use crate::inventory::transfers::queries;

crate::document_table!(
    Transfers,
    transfers,
    TransferId,
    TransferStatus,
    "transfer",
    "transfer",
    admit = admit
);

crate::draft_table!(
    Transfers,
    transfers,
    transfer_lines,
    transfer_id,
    TransferStatus::Draft,
    "inventory.transfer"
);

/// Who may move a transfer: its origin sends, edits and cancels it; its destination receives
/// and closes it (`documents` asks before every move).
fn admit(
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
