//! The stock_counts table for `documents`: its marker, and who may move one of its documents
//! (asked by `documents` before every move, so no route can forget it).

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::stock_counts;
use crate::domain::ids::CountId;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::counts::models::CountStatus;
use crate::inventory::counts::queries;

crate::document_table!(
    StockCounts,
    stock_counts,
    CountId,
    CountStatus,
    "count",
    "count",
    admit = admit
);

/// Who may count, post or abandon a stocktake: those who work at its location.
fn admit(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
    _: CountStatus,
) -> Result<(), AppError> {
    let count = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    admit_at(conn, actor, &[count.location_id])
}
