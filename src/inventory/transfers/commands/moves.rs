//! A transfer's moves: send, receive, close short and cancel. Stock moves only through the
//! ledger's writer (`record_all`, `expect`); each move writes one audit row, in one
//! transaction.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{transfer_lines, transfers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, TransferId, VariantId};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::domain::{MovementKind, Quantity, ReferenceKind};
use crate::inventory::stock::{Movement, Recorder, expect, record_all};
use crate::inventory::transfers::models::{Transfer, TransferStatus};
use crate::inventory::transfers::queries;

/// Loads a transfer that may move to `next`, or says why not.
fn movable(
    conn: &mut DbConnection,
    id: TransferId,
    next: TransferStatus,
) -> Result<Transfer, AppError> {
    let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    if !transfer.status.can_become(next) {
        return Err(AppError::Conflict(format!(
            "This transfer is {}: it cannot be {} now.",
            transfer.status.label().to_lowercase(),
            match next {
                TransferStatus::Sent => "sent",
                TransferStatus::Closed => "received or closed",
                TransferStatus::Cancelled => "cancelled",
                TransferStatus::Draft => "made a draft",
            }
        )));
    }
    Ok(transfer)
}

fn set_status(
    conn: &mut DbConnection,
    actor: &Actor,
    transfer: &Transfer,
    status: TransferStatus,
) -> Result<(), AppError> {
    let now = db::now();
    diesel::update(transfers::table.find(transfer.id))
        .set((
            transfers::status.eq(status),
            transfers::version.eq(transfer.version + 1),
            transfers::updated_by.eq(&actor.label),
            transfers::updated_at.eq(now),
        ))
        .execute(conn)?;
    match status {
        TransferStatus::Sent => diesel::update(transfers::table.find(transfer.id))
            .set(transfers::sent_at.eq(now))
            .execute(conn)?,
        TransferStatus::Closed | TransferStatus::Cancelled => {
            diesel::update(transfers::table.find(transfer.id))
                .set(transfers::closed_at.eq(now))
                .execute(conn)?
        }
        TransferStatus::Draft => 0,
    };
    Ok(())
}

fn audit_row(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TransferId,
    action: &str,
    after: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        conn,
        actor,
        Entry {
            entity_type: "transfer",
            entity_id: Some(id.to_string()),
            action,
            before: None,
            after: Some(after),
        },
    )
}

fn movement(
    variant: VariantId,
    location: LocationId,
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
        reference: Some((ReferenceKind::Transfer, id.get())),
    }
}

/// Sends a draft: its stock leaves the origin now and is incoming at the destination.
pub fn send(conn: &mut DbConnection, actor: &Actor, id: TransferId) -> Result<String, AppError> {
    db::write(conn, |c| {
        let transfer = movable(c, id, TransferStatus::Sent)?;
        let lines = queries::lines_of(c, id)?;
        let by = Recorder::of(actor);
        let out: Vec<Movement<'_>> = lines
            .iter()
            .map(|l| {
                movement(
                    l.variant_id,
                    transfer.from_location_id,
                    MovementKind::TransferOut,
                    -l.quantity,
                    id,
                    "",
                )
            })
            .collect();
        record_all(c, by, &out)?;
        for line in &lines {
            expect(
                c,
                by,
                line.variant_id,
                transfer.to_location_id,
                line.quantity,
            )?;
        }
        set_status(c, actor, &transfer, TransferStatus::Sent)?;
        let units: i64 = lines.iter().map(|l| l.quantity).sum();
        audit_row(
            c,
            actor,
            id,
            "inventory.transfer_sent",
            json!({ "units": units }),
        )?;
        Ok(format!(
            "Transfer {id} sent: {} on the way.",
            count(units, "unit", "units")
        ))
    })
}

/// What a receipt came to.
pub enum ReceiveOutcome {
    Done(String),
    /// Per line id, what is wrong with its figure.
    Invalid(Vec<(i64, String)>),
}

/// Receives units per line (line id, units); the transfer closes when nothing is outstanding.
pub fn receive(
    conn: &mut DbConnection,
    actor: &Actor,
    id: TransferId,
    arrived: &[(i64, Quantity)],
) -> Result<ReceiveOutcome, AppError> {
    db::write(conn, |c| {
        let transfer = movable(c, id, TransferStatus::Closed)?;
        let lines = queries::lines_of(c, id)?;
        let mut problems = Vec::new();
        let mut taking = Vec::new();
        for (line_id, units) in arrived.iter().filter(|(_, q)| q.get() > 0) {
            match lines.iter().find(|l| l.id == *line_id) {
                None => problems.push((*line_id, "That line is not on this transfer.".to_owned())),
                Some(line) if units.get() > line.outstanding() => problems.push((
                    *line_id,
                    format!(
                        "Only {} of {} still on the way.",
                        line.outstanding(),
                        line.sku
                    ),
                )),
                Some(line) => taking.push((line, units.get())),
            }
        }
        if taking.is_empty() && problems.is_empty() {
            problems.push((
                0,
                "Enter the units that arrived on at least one line.".into(),
            ));
        }
        if !problems.is_empty() {
            return Ok(ReceiveOutcome::Invalid(problems));
        }
        let by = Recorder::of(actor);
        let arriving: Vec<Movement<'_>> = taking
            .iter()
            .map(|(l, units)| {
                movement(
                    l.variant_id,
                    transfer.to_location_id,
                    MovementKind::TransferIn,
                    *units,
                    id,
                    "",
                )
            })
            .collect();
        record_all(c, by, &arriving)?;
        for (line, units) in &taking {
            expect(c, by, line.variant_id, transfer.to_location_id, -units)?;
            diesel::update(transfer_lines::table.find(line.id))
                .set(transfer_lines::received.eq(transfer_lines::received + units))
                .execute(c)?;
        }
        let units: i64 = taking.iter().map(|(_, u)| u).sum();
        let left: i64 = queries::lines_of(c, id)?
            .iter()
            .map(|l| l.outstanding())
            .sum();
        if left == 0 {
            set_status(c, actor, &transfer, TransferStatus::Closed)?;
        } else {
            diesel::update(transfers::table.find(id))
                .set((
                    transfers::version.eq(transfer.version + 1),
                    transfers::updated_by.eq(&actor.label),
                    transfers::updated_at.eq(db::now()),
                ))
                .execute(c)?;
        }
        audit_row(
            c,
            actor,
            id,
            "inventory.transfer_received",
            json!({ "units": units, "outstanding": left }),
        )?;
        Ok(ReceiveOutcome::Done(if left == 0 {
            format!(
                "Received {}: transfer {id} is complete.",
                count(units, "unit", "units")
            )
        } else {
            format!(
                "Received {}; {} still on the way.",
                count(units, "unit", "units"),
                count(left, "unit", "units")
            )
        }))
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
    db::write(conn, |c| {
        let transfer = movable(c, id, TransferStatus::Closed)?;
        let by = Recorder::of(actor);
        let mut lost = 0;
        for line in queries::lines_of(c, id)?
            .iter()
            .filter(|l| l.outstanding() > 0)
        {
            let units = line.outstanding();
            expect(c, by, line.variant_id, transfer.to_location_id, -units)?;
            diesel::update(transfer_lines::table.find(line.id))
                .set(transfer_lines::written_off.eq(transfer_lines::written_off + units))
                .execute(c)?;
            lost += units;
        }
        set_status(c, actor, &transfer, TransferStatus::Closed)?;
        audit_row(
            c,
            actor,
            id,
            "inventory.transfer_closed",
            json!({ "lost_in_transit": lost }),
        )?;
        Ok(format!(
            "Transfer {id} closed: {} written off as lost in transit.",
            count(lost, "unit", "units")
        ))
    })
}

/// Cancels a draft, or a sent transfer whose units still on the way go back to the origin.
pub fn cancel(conn: &mut DbConnection, actor: &Actor, id: TransferId) -> Result<String, AppError> {
    db::write(conn, |c| {
        let transfer = movable(c, id, TransferStatus::Cancelled)?;
        let mut returned = 0;
        if transfer.status == TransferStatus::Sent {
            let by = Recorder::of(actor);
            let lines = queries::lines_of(c, id)?;
            let open: Vec<_> = lines.iter().filter(|l| l.outstanding() > 0).collect();
            let back: Vec<Movement<'_>> = open
                .iter()
                .map(|l| {
                    movement(
                        l.variant_id,
                        transfer.from_location_id,
                        MovementKind::TransferIn,
                        l.outstanding(),
                        id,
                        "Returned: transfer cancelled",
                    )
                })
                .collect();
            record_all(c, by, &back)?;
            for line in &open {
                expect(
                    c,
                    by,
                    line.variant_id,
                    transfer.to_location_id,
                    -line.outstanding(),
                )?;
                returned += line.outstanding();
            }
        }
        set_status(c, actor, &transfer, TransferStatus::Cancelled)?;
        audit_row(
            c,
            actor,
            id,
            "inventory.transfer_cancelled",
            json!({ "returned": returned }),
        )?;
        Ok(if returned > 0 {
            format!(
                "Transfer {id} cancelled: {} back at the origin.",
                count(returned, "unit", "units")
            )
        } else {
            format!("Transfer {id} cancelled.")
        })
    })
}
