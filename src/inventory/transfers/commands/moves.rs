//! A transfer's moves: send, receive, close short and cancel. Stock moves only through the
//! ledger's writer (`record_all`, `expect`); each move first claims the transfer through
//! `documents` (one conditional update, so a second request gets a 409, not a second move),
//! and writes one audit row, in one transaction.

use diesel::prelude::*;
use serde_json::json;

use super::table::Transfers;
use crate::auth::Actor;
use crate::db::schema::{transfer_lines, transfers};
use crate::db::{self, DbConnection};
use crate::documents::{self, OverReceipt, receipt_done, take_arrivals, units_taken};
use crate::domain::ids::{LocationId, TransferId, TransferLineId, VariantId};
use crate::domain::problems::Receipt;
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::domain::MovementKind::{self, TransferIn, TransferOut};
use crate::inventory::domain::{Quantity, StockReference};
use crate::inventory::stock::{Movement, Recorder, expect, record_all};
use crate::inventory::transfers::models::{Transfer, TransferStatus};
use crate::inventory::transfers::queries;

/// Stamps when a transfer was sent or ended; its status was set by the claim.
fn stamp(conn: &mut DbConnection, id: TransferId, status: TransferStatus) -> QueryResult<usize> {
    let now = db::now();
    let row = transfers::table.find(id);
    match status {
        TransferStatus::Sent => diesel::update(row)
            .set(transfers::sent_at.eq(now))
            .execute(conn),
        TransferStatus::Closed | TransferStatus::Cancelled => diesel::update(row)
            .set(transfers::closed_at.eq(now))
            .execute(conn),
        TransferStatus::Draft => Ok(0),
    }
}

/// The transfer as it is now that this transaction holds it.
fn held(conn: &mut DbConnection, id: TransferId) -> Result<Transfer, AppError> {
    queries::find(conn, id)?.ok_or(AppError::NotFound)
}

fn movement(
    (variant, location): (VariantId, LocationId),
    kind: MovementKind,
    units: i64,
    id: TransferId,
    note: &str,
) -> Movement<'_> {
    Movement {
        variant,
        location,
        kind,
        on_hand: units,
        committed: 0,
        reason: None,
        note,
        reference: Some(StockReference::Transfer(id)),
    }
}

/// Sends a draft: its stock leaves the origin now and is incoming at the destination.
pub fn send(conn: &mut DbConnection, actor: &Actor, id: TransferId) -> Result<String, AppError> {
    let to = (id, TransferStatus::Sent);
    documents::transition::<Transfers>(conn, actor, to, "inventory.transfer_sent", |c, _| {
        let transfer = held(c, id)?;
        let lines = queries::lines_of(c, id)?;
        let by = Recorder::of(actor);
        let (from, to) = (transfer.from_location_id, transfer.to_location_id);
        let out: Vec<Movement<'_>> = (lines.iter())
            .map(|l| movement((l.variant_id, from), TransferOut, -l.quantity, id, ""))
            .collect();
        record_all(c, by, &out)?;
        for line in &lines {
            expect(c, by, line.variant_id, to, line.quantity)?;
        }
        stamp(c, id, TransferStatus::Sent)?;
        let units: i64 = lines.iter().map(|l| l.quantity).sum();
        let sent = count(units, "unit", "units");
        let sentence = format!("Transfer {id} sent: {sent} on the way.");
        Ok((json!({ "units": units }), sentence))
    })
}

/// Receives units per line (line id, units); the transfer closes when nothing is outstanding.
pub fn receive(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TransferId,
    arrived: &[(TransferLineId, Quantity)],
) -> Result<Receipt<TransferLineId>, AppError> {
    db::write(conn, |c| {
        documents::admit::<Transfers>(c, actor, id, TransferStatus::Closed)?;
        let seen = documents::current::<Transfers>(c, id)?;
        documents::may_become::<Transfers>(id, seen.status, TransferStatus::Closed)?;
        let transfer = held(c, id)?;
        let lines = queries::lines_of(c, id)?;
        let arrived = arrived.iter().map(|(line, units)| (*line, units.get()));
        let over = OverReceipt::Refused {
            still: "still on the way",
        };
        let taking = match take_arrivals::<Transfers, _>(c, (id, seen), &lines, arrived, over)? {
            Ok(taking) => taking,
            Err(refused) => return Ok(refused),
        };
        let mut claim = documents::hold::<Transfers>(c, actor, id, seen, TransferStatus::Closed)?;
        let by = Recorder::of(actor);
        let to = transfer.to_location_id;
        let arriving: Vec<Movement<'_>> = (taking.iter())
            .map(|(l, units)| movement((l.variant_id, to), TransferIn, *units, id, ""))
            .collect();
        record_all(c, by, &arriving)?;
        for (line, units) in &taking {
            expect(c, by, line.variant_id, transfer.to_location_id, -units)?;
            diesel::update(transfer_lines::table.find(line.id))
                .set(transfer_lines::received.eq(transfer_lines::received + units))
                .execute(c)?;
        }
        let units = units_taken(&taking);
        let left: i64 = queries::lines_of(c, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        if left == 0 {
            documents::settle::<Transfers>(c, actor, id, &mut claim, TransferStatus::Closed)?;
            stamp(c, id, TransferStatus::Closed)?;
        }
        documents::record::<Transfers>(
            c,
            actor,
            id,
            &claim,
            "inventory.transfer_received",
            json!({ "units": units, "outstanding": left }),
        )?;
        let done = receipt_done::<Transfers>(id, units, left, "still on the way");
        Ok(Receipt::Done(done))
    })
}

/// Closes a transfer that arrived short: what is still on the way is written off as lost in
/// transit (it left the origin when sent, so no level changes; the destination stops
/// expecting it).
pub fn close_short(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TransferId,
) -> Result<String, AppError> {
    let to = (id, TransferStatus::Closed);
    documents::transition::<Transfers>(conn, actor, to, "inventory.transfer_closed", |c, _| {
        let transfer = held(c, id)?;
        let by = Recorder::of(actor);
        let mut lost = 0;
        for line in queries::lines_of(c, id)? {
            let units = line.outstanding();
            if units > 0 {
                expect(c, by, line.variant_id, transfer.to_location_id, -units)?;
                diesel::update(transfer_lines::table.find(line.id))
                    .set(transfer_lines::written_off.eq(transfer_lines::written_off + units))
                    .execute(c)?;
                lost += units;
            }
        }
        stamp(c, id, TransferStatus::Closed)?;
        let lost_units = count(lost, "unit", "units");
        let sentence =
            format!("Transfer {id} closed: {lost_units} written off as lost in transit.");
        Ok((json!({ "lost_in_transit": lost }), sentence))
    })
}

/// Cancels a draft, or a sent transfer whose units still on the way go back to the origin.
pub fn cancel(conn: &mut DbConnection, actor: &Actor, id: TransferId) -> Result<String, AppError> {
    let to = (id, TransferStatus::Cancelled);
    let action = "inventory.transfer_cancelled";
    documents::transition::<Transfers>(conn, actor, to, action, |c, was| {
        let transfer = held(c, id)?;
        let mut returned = 0;
        if was == TransferStatus::Sent {
            let by = Recorder::of(actor);
            let lines = queries::lines_of(c, id)?;
            let open: Vec<_> = lines.iter().filter(|l| l.outstanding() > 0).collect();
            let (from, to) = (transfer.from_location_id, transfer.to_location_id);
            let note = "Returned: transfer cancelled";
            let back: Vec<Movement<'_>> = (open.iter())
                .map(|l| movement((l.variant_id, from), TransferIn, l.outstanding(), id, note))
                .collect();
            record_all(c, by, &back)?;
            for line in &open {
                expect(c, by, line.variant_id, to, -line.outstanding())?;
                returned += line.outstanding();
            }
        }
        stamp(c, id, TransferStatus::Cancelled)?;
        let sentence = if returned > 0 {
            let back = count(returned, "unit", "units");
            format!("Transfer {id} cancelled: {back} back at the origin.")
        } else {
            format!("Transfer {id} cancelled.")
        };
        Ok((json!({ "returned": returned }), sentence))
    })
}
