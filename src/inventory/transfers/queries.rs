//! Reading transfers.

use diesel::prelude::*;

use super::models::{Transfer, TransferLine, TransferStatus};
use crate::catalog::options_label;
use crate::db::schema::{products, stock_levels, transfer_lines, transfers, variants};
use crate::db::{DbBackend, DbConnection};
use crate::domain::ids::{LocationId, TransferId, TransferLineId, VariantId};
use crate::web::pagination::Cursor;

pub fn find(conn: &mut DbConnection, id: TransferId) -> QueryResult<Option<Transfer>> {
    transfers::table
        .find(id)
        .select(Transfer::as_select())
        .first(conn)
        .optional()
}

/// A page of transfers, newest first, older than `before`.
/// A page of transfers, newest first, to or from the locations of `scope` (all when none): the
/// scope is part of the query, so a limited person's pages are full.
pub fn list(
    conn: &mut DbConnection,
    status: Option<TransferStatus>,
    scope: Option<&[LocationId]>,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<Transfer>, bool)> {
    let mut query = transfers::table
        .select(Transfer::as_select())
        .into_boxed::<DbBackend>();
    if let Some(status) = status {
        query = query.filter(transfers::status.eq(status));
    }
    if let Some(ids) = scope {
        query = query.filter(
            transfers::from_location_id
                .eq_any(ids.to_vec())
                .or(transfers::to_location_id.eq_any(ids.to_vec())),
        );
    }
    crate::newest_first!(query, transfers::id, cursor, size, conn)
}

/// Units and lines of each transfer listed.
pub fn totals(conn: &mut DbConnection, ids: &[TransferId]) -> QueryResult<Vec<(TransferId, i64)>> {
    let rows: Vec<(TransferId, i64)> = transfer_lines::table
        .filter(transfer_lines::transfer_id.eq_any(ids))
        .select((transfer_lines::transfer_id, transfer_lines::quantity))
        .load(conn)?;
    let mut totals: Vec<(TransferId, i64)> = Vec::new();
    for (id, units) in rows {
        match totals.iter_mut().find(|(t, _)| *t == id) {
            Some((_, sum)) => *sum += units,
            None => totals.push((id, units)),
        }
    }
    Ok(totals)
}

pub fn lines_of(conn: &mut DbConnection, id: TransferId) -> QueryResult<Vec<TransferLine>> {
    type Row = (
        TransferLineId,
        VariantId,
        String,
        String,
        (Option<String>, Option<String>, Option<String>),
        (i64, i64, i64),
    );
    let rows: Vec<Row> = transfer_lines::table
        .inner_join(variants::table.inner_join(products::table))
        .filter(transfer_lines::transfer_id.eq(id))
        .order(transfer_lines::id.asc())
        .select((
            transfer_lines::id,
            variants::id,
            variants::sku,
            products::title,
            (variants::option1, variants::option2, variants::option3),
            (
                transfer_lines::quantity,
                transfer_lines::received,
                transfer_lines::written_off,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, variant_id, sku, title, (o1, o2, o3), (quantity, received, written_off))| {
                TransferLine {
                    id,
                    variant_id,
                    sku,
                    title,
                    options: options_label([o1, o2, o3]),
                    quantity,
                    received,
                    written_off,
                }
            },
        )
        .collect())
}

/// Units available (on hand − committed) at `location` of each of `variants` that has a level
/// there, in one query.
pub fn available_at(
    conn: &mut DbConnection,
    location: LocationId,
    variants: &[VariantId],
) -> QueryResult<Vec<(VariantId, i64)>> {
    stock_levels::table
        .filter(stock_levels::location_id.eq(location))
        .filter(stock_levels::variant_id.eq_any(variants))
        .select((
            stock_levels::variant_id,
            stock_levels::on_hand - stock_levels::committed,
        ))
        .load(conn)
}
