//! Storing a checked inventory file's lines, and applying them as a background job: chunks of
//! lines, each in one transaction with its ledger movements and the lines' outcomes, then one
//! closing transaction with the summary audit row.
//!
//! The rule for a line that sets on hand: its change is the file's figure minus on hand as the
//! check saw it, applied on top of the level as it is then (the stocktake rule), so a sale or
//! receipt between the check and the apply is kept, not overwritten. A line the level can no
//! longer take (it would go below zero, or past 1,000,000) is skipped, said on the import's
//! page, and nothing of it is written.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::json;
use tokio::sync::OwnedSemaphorePermit;

use super::models::{PlannedLine, StockPlan};
use super::queries::{Stored, load_import};
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{stock_import_lines, stock_imports, suppliers, variant_suppliers};
use crate::db::{self, DbConnection};
use crate::domain::ids::{JobId, StockImportId, SupplierId};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::domain::{ActorKind, MAX_QUANTITY, MovementKind, StockReference};
use crate::inventory::stock::{
    Movement, Recorder, StockError, level, open_levels, record, set_reorder,
};
use crate::jobs::{self, ChunkedRun};

pub const JOB_KIND: &str = "stock_import";
/// Lines applied per transaction.
const CHUNK: usize = 250;
/// A checked file not applied within this long is dropped, as catalog uploads are.
const KEEP_UNAPPLIED_HOURS: i64 = 24;
/// What an applied line's outcome says.
pub const APPLIED: &str = "applied";

/// Stores a checked file's lines (none in error); returns the import's id.
pub fn store(
    conn: &mut DbConnection,
    actor: &Actor,
    file_name: &str,
    plan: &StockPlan,
) -> Result<StockImportId, AppError> {
    db::write(conn, |c| {
        purge_unapplied(c)?;
        let id: StockImportId = diesel::insert_into(stock_imports::table)
            .values((
                stock_imports::staff_id.eq(actor.staff_id),
                stock_imports::file_name.eq(file_name),
                stock_imports::row_count.eq(plan.rows as i64),
                stock_imports::line_count.eq(plan.lines.len() as i64),
                stock_imports::created_at.eq(db::now()),
            ))
            .returning(stock_imports::id)
            .get_result(c)?;
        // One plain insert a line (both backends; the statement is prepared once).
        for line in &plan.lines {
            insert_line(c, id, line)?;
        }
        Ok(id)
    })
}

/// Drops the checks never applied within [`KEEP_UNAPPLIED_HOURS`], with their lines (one row
/// a line of the file: a few checks of a large file would otherwise stay forever). Runs at
/// start and with every new check; the number of checks dropped.
pub fn purge_unapplied(conn: &mut DbConnection) -> QueryResult<usize> {
    let stale = db::now() - chrono::Duration::hours(KEEP_UNAPPLIED_HOURS);
    let old = stock_imports::table
        .filter(stock_imports::job_id.is_null())
        .filter(stock_imports::created_at.lt(stale))
        .select(stock_imports::id);
    // Lines first: SQLite enforces the cascade only with foreign keys on.
    diesel::delete(stock_import_lines::table.filter(stock_import_lines::import_id.eq_any(old)))
        .execute(conn)?;
    diesel::delete(
        stock_imports::table
            .filter(stock_imports::job_id.is_null())
            .filter(stock_imports::created_at.lt(stale)),
    )
    .execute(conn)
}

fn insert_line(c: &mut DbConnection, id: StockImportId, line: &PlannedLine) -> QueryResult<usize> {
    let after = line.reorder_after.unwrap_or_default();
    let supplier = line.supplier_after.as_ref().and_then(Option::as_ref);
    diesel::insert_into(stock_import_lines::table)
        .values((
            stock_import_lines::import_id.eq(id),
            stock_import_lines::row_number.eq(line.row as i64),
            stock_import_lines::variant_id.eq(line.variant),
            stock_import_lines::location_id.eq(line.location),
            stock_import_lines::seen_on_hand.eq(line.seen_on_hand),
            stock_import_lines::change.eq(line.change),
            stock_import_lines::reason_id.eq(line.reason),
            stock_import_lines::note.eq(&line.note),
            stock_import_lines::sets_reorder.eq(line.reorder_after.is_some()),
            stock_import_lines::reorder_point.eq(after.point),
            stock_import_lines::reorder_quantity.eq(after.quantity),
            stock_import_lines::sets_supplier.eq(line.supplier_after.is_some()),
            stock_import_lines::supplier_id.eq(supplier.map(|(id, _)| *id)),
            stock_import_lines::supplier_sku.eq(supplier.map_or("", |(_, code)| code.as_str())),
        ))
        .execute(c)
}

/// Starts applying a stored import: its job, or none if it was started already (another
/// click, another tab).
pub fn begin_apply(
    conn: &mut DbConnection,
    actor: &Actor,
    import_id: StockImportId,
) -> Result<Option<JobId>, AppError> {
    db::write(conn, |c| {
        let import = load_import(c, import_id, actor)?;
        if import.job_id.is_some() {
            return Ok(None);
        }
        Ok(jobs::start_once(
            c,
            JOB_KIND,
            import.line_count,
            actor.staff_id,
            |c, job_id| {
                diesel::update(
                    stock_imports::table
                        .find(import_id)
                        .filter(stock_imports::job_id.is_null()),
                )
                .set(stock_imports::job_id.eq(job_id))
                .execute(c)
            },
        )?)
    })
}

/// Applying one import's lines.
pub struct StockImportRun {
    import_id: StockImportId,
    actor: Actor,
    /// The heavy-work turn, held while the run reads its lines.
    turn: Option<OwnedSemaphorePermit>,
}

impl StockImportRun {
    pub fn new(import_id: StockImportId, actor: Actor, turn: OwnedSemaphorePermit) -> Self {
        StockImportRun {
            import_id,
            actor,
            turn: Some(turn),
        }
    }
}

impl ChunkedRun for StockImportRun {
    type Item = Stored;
    const CHUNK: usize = CHUNK;

    /// The lines without an outcome: a chunk writes its lines' outcomes with its movements,
    /// so a resumed run starts exactly after the last chunk that committed.
    fn remaining(&mut self, conn: &mut DbConnection, _done: i64) -> Result<Vec<Stored>, AppError> {
        load_import(conn, self.import_id, &self.actor)?;
        let lines = super::queries::unapplied(conn, self.import_id)?;
        self.turn = None;
        Ok(lines)
    }

    fn write_chunk(&mut self, c: &mut DbConnection, chunk: &[Stored]) -> Result<(), AppError> {
        let by = Recorder {
            actor: &self.actor,
            kind: ActorKind::Job,
        };
        for line in chunk {
            let outcome = apply_line(c, by, self.import_id, line)?;
            diesel::update(stock_import_lines::table.find(line.id))
                .set(stock_import_lines::outcome.eq(outcome))
                .execute(c)?;
        }
        Ok(())
    }

    /// Marks the import applied and writes its one summary audit row.
    fn close(&mut self, c: &mut DbConnection) -> Result<String, AppError> {
        let outcomes: Vec<(String, i64)> = stock_import_lines::table
            .filter(stock_import_lines::import_id.eq(self.import_id))
            .select((stock_import_lines::outcome, stock_import_lines::change))
            .load(c)?;
        let applied = outcomes.iter().filter(|(o, _)| o == APPLIED).count() as i64;
        let skipped = outcomes.len() as i64 - applied;
        let added: i64 = outcomes
            .iter()
            .filter(|(o, _)| o == APPLIED)
            .map(|(_, n)| n.max(&0))
            .sum();
        let removed: i64 = outcomes
            .iter()
            .filter(|(o, _)| o == APPLIED)
            .map(|(_, n)| (-n).max(0))
            .sum();
        diesel::update(stock_imports::table.find(self.import_id))
            .set(stock_imports::applied_at.eq(db::now()))
            .execute(c)?;
        let file_name: String = stock_imports::table
            .find(self.import_id)
            .select(stock_imports::file_name)
            .first(c)?;
        audit::record(
            c,
            &self.actor,
            Entry {
                entity_type: "stock_import",
                entity_id: Some(self.import_id.to_string()),
                action: "inventory.import_applied",
                before: None,
                after: Some(json!({
                    "file": file_name,
                    "lines_applied": applied,
                    "lines_skipped": skipped,
                    "units_added": added,
                    "units_removed": removed,
                })),
            },
        )?;
        let mut message = format!(
            "Applied {}: {} added, {} removed.",
            count(applied, "line", "lines"),
            count(added, "unit", "units"),
            count(removed, "unit", "units"),
        );
        if skipped > 0 {
            message.push_str(&format!(
                " {} skipped because stock moved since the check: see them below.",
                count(skipped, "line was", "lines were")
            ));
        }
        Ok(message)
    }
}

/// Writes one line: its movement (on top of the level as it is now) and its reorder
/// settings. Returns its outcome; a line the level can't take is skipped whole.
fn apply_line(
    c: &mut DbConnection,
    by: Recorder<'_>,
    import_id: StockImportId,
    line: &Stored,
) -> Result<String, AppError> {
    let now = level(c, line.variant, line.location).map_err(AppError::from)?;
    let on_hand = now.map_or(0, |l| l.on_hand);
    if on_hand + line.change > MAX_QUANTITY {
        return Ok(format!(
            "skipped: on hand is {on_hand} now, and a level holds at most 1,000,000 units"
        ));
    }
    if line.change != 0 {
        let movement = Movement {
            variant: line.variant,
            location: line.location,
            kind: MovementKind::Adjustment,
            on_hand: line.change,
            committed: 0,
            reason: line.reason,
            note: &line.note,
            reference: Some(StockReference::Import(import_id)),
        };
        match record(c, by, &movement) {
            Ok(_) => {}
            Err(StockError::Short(shortages)) => {
                let available = shortages.first().map_or(0, |s| s.available.max(0));
                return Ok(format!(
                    "skipped: only {available} available now (on hand {on_hand})"
                ));
            }
            Err(StockError::Refused(reason)) => return Ok(format!("skipped: {reason}")),
            Err(StockError::Failed(error)) => return Err(error),
        }
    } else if now.is_none() {
        // Reorder settings live on the level: open it (at zero) if this location has none yet.
        match open_levels(c, by, line.variant, &[line.location]) {
            Ok(_) => {}
            Err(StockError::Failed(error)) => return Err(error),
            Err(StockError::Refused(reason)) => return Ok(format!("skipped: {reason}")),
            Err(StockError::Short(_)) => return Ok("skipped: the level could not be opened".into()),
        }
    }
    if let Some(reorder) = line.reorder {
        set_reorder(c, line.location, &[line.variant], reorder)?;
    }
    if let Some(supplier) = &line.supplier {
        set_supplier(c, line, supplier.as_ref())?;
    }
    Ok(APPLIED.to_owned())
}

/// Names (or clears) the line's variant's default supplier. A supplier gone since the check
/// leaves the variant as it was.
fn set_supplier(
    c: &mut DbConnection,
    line: &Stored,
    supplier: Option<&(SupplierId, String)>,
) -> QueryResult<()> {
    diesel::delete(variant_suppliers::table.find(line.variant)).execute(c)?;
    if let Some((supplier, code)) = supplier {
        diesel::insert_into(variant_suppliers::table)
            .values(
                suppliers::table
                    .filter(suppliers::id.eq(*supplier))
                    .select((
                        line.variant.get().into_sql::<BigInt>(),
                        suppliers::id,
                        code.clone().into_sql::<Text>(),
                    )),
            )
            .into_columns((
                variant_suppliers::variant_id,
                variant_suppliers::supplier_id,
                variant_suppliers::supplier_sku,
            ))
            .execute(c)?;
    }
    Ok(())
}
