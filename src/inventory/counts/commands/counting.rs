//! Counting: a line's figure set from the sheet, or added to by a scan. Each remembers what
//! was on hand when it was counted (the stocktake rule, `domain::count_rule`), and writes one
//! audit row: a count is a record of who counted what, line by line.

use diesel::prelude::*;
use serde_json::json;

use super::table::StockCounts;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{stock_count_lines, variants};
use crate::db::{self, DbConnection};
use crate::documents;
use crate::domain::ids::{CountId, CountLineId, VariantId};
use crate::domain::words::count as words;
use crate::error::AppError;
use crate::inventory::counts::models::{CountStatus, StockCount};
use crate::inventory::counts::queries;
use crate::inventory::domain::{MAX_QUANTITY, Quantity};
use crate::inventory::stock::level;

/// The count, held open for this transaction: a count posted or abandoned meanwhile is a 409,
/// and no line is counted after it was posted.
fn open_count(conn: &mut DbConnection, actor: &Actor, id: CountId) -> Result<StockCount, AppError> {
    documents::lock_in::<StockCounts>(conn, actor, id, CountStatus::Open)?;
    queries::find(conn, id)?.ok_or(AppError::NotFound)
}

/// The one audit row of a line counted (set from the sheet or added to by a scan).
fn audit_line(
    c: &mut DbConnection,
    actor: &Actor,
    id: CountId,
    sku: &str,
    (before, after, expected): (Option<i64>, i64, i64),
) -> Result<(), AppError> {
    audit::record(
        c,
        actor,
        Entry {
            entity_type: "stock_count",
            entity_id: Some(id.to_string()),
            action: "inventory.count_line_counted",
            before: Some(json!({ "sku": sku, "counted": before })),
            after: Some(json!({ "sku": sku, "counted": after, "on_hand_when_counted": expected })),
        },
    )?;
    Ok(())
}

/// Writes a line's count and what was on hand when it was counted, by whom and when.
fn set_counted(
    c: &mut DbConnection,
    actor: &Actor,
    line: CountLineId,
    (counted, expected): (i64, i64),
) -> QueryResult<usize> {
    diesel::update(stock_count_lines::table.find(line))
        .set((
            stock_count_lines::counted.eq(Some(counted)),
            stock_count_lines::expected.eq(Some(expected)),
            stock_count_lines::counted_at.eq(Some(db::now())),
            stock_count_lines::counted_by.eq(&actor.label),
        ))
        .execute(c)
}

fn on_hand(
    conn: &mut DbConnection,
    count: &StockCount,
    variant: VariantId,
) -> Result<i64, AppError> {
    Ok(level(conn, variant, count.location_id)
        .map_err(AppError::from)?
        .map_or(0, |b| b.on_hand))
}

/// Sets a line's count: what is on hand now is what it is compared with.
pub fn record_line(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
    line: CountLineId,
    counted: Quantity,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let count = open_count(c, actor, id)?;
        let (variant, sku, before): (VariantId, String, Option<i64>) = stock_count_lines::table
            .inner_join(variants::table)
            .filter(stock_count_lines::id.eq(line))
            .filter(stock_count_lines::count_id.eq(id))
            .select((
                stock_count_lines::variant_id,
                variants::sku,
                stock_count_lines::counted,
            ))
            .first(c)
            .optional()?
            .ok_or(AppError::NotFound)?;
        let expected = on_hand(c, &count, variant)?;
        set_counted(c, actor, line, (counted.get(), expected))?;
        audit_line(c, actor, id, &sku, (before, counted.get(), expected))
    })
}

/// Counts every line not counted yet as none found (0), each against what is on hand now, with
/// one audit row: the sentence for the person.
pub fn zero_uncounted(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let count = open_count(c, actor, id)?;
        let open: Vec<(CountLineId, VariantId)> = stock_count_lines::table
            .filter(stock_count_lines::count_id.eq(id))
            .filter(stock_count_lines::counted.is_null())
            .select((stock_count_lines::id, stock_count_lines::variant_id))
            .load(c)?;
        for (line, variant) in &open {
            let expected = on_hand(c, &count, *variant)?;
            set_counted(c, actor, *line, (0, expected))?;
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "stock_count",
                entity_id: Some(id.to_string()),
                action: "inventory.count_uncounted_zeroed",
                before: None,
                after: Some(json!({ "lines": open.len() })),
            },
        )?;
        Ok(format!(
            "{} counted as none found.",
            words(open.len() as i64, "uncounted line", "uncounted lines")
        ))
    })
}

/// The line a scan found: its id, variant, SKU, count so far and on hand when first counted.
type ScannedLine = (CountLineId, VariantId, String, Option<i64>, Option<i64>);

/// What a scan came to: the SKU and its count now, a variant found on the shelf that the
/// count's scope left out (the person may add it), or why the code was not taken.
pub enum ScanOutcome {
    Counted { sku: String, counted: i64 },
    OutsideScope { sku: String },
    Unknown(String),
}

/// Whether a scan of a variant outside the count's scope adds it to the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    Ask,
    Add,
}

/// Adds `units` to the line whose SKU or barcode is `code`. The first count of a line takes
/// what is on hand then; later scans add to it and keep that moment. A tracked variant the
/// scope left out is asked about first, then added as a line of its own (`Outside::Add`),
/// with one audit row saying so.
pub fn scan(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
    (code, units): (&str, Quantity),
    outside: Outside,
) -> Result<ScanOutcome, AppError> {
    db::write(conn, |c| {
        let count = open_count(c, actor, id)?;
        if find_line(c, id, code)?.is_none() {
            let Some((variant, sku, tracked)) = find_variant(c, code)? else {
                return Ok(ScanOutcome::Unknown(format!(
                    "{code}: no variant has this SKU or barcode."
                )));
            };
            if !tracked {
                return Ok(ScanOutcome::Unknown(format!(
                    "{sku} does not track stock, so it is not counted."
                )));
            }
            if outside == Outside::Ask {
                return Ok(ScanOutcome::OutsideScope { sku });
            }
            diesel::insert_into(stock_count_lines::table)
                .values((
                    stock_count_lines::count_id.eq(id),
                    stock_count_lines::variant_id.eq(variant),
                ))
                .execute(c)?;
            audit::record(
                c,
                actor,
                Entry {
                    entity_type: "stock_count",
                    entity_id: Some(id.to_string()),
                    action: "inventory.count_line_added",
                    before: None,
                    after: Some(json!({ "sku": sku, "outside_scope": true })),
                },
            )?;
        }
        let found = find_line(c, id, code)?;
        let Some((line, variant, sku, counted, expected)) = found else {
            return Err(AppError::NotFound);
        };
        let total = counted.unwrap_or(0) + units.get();
        if total > MAX_QUANTITY {
            return Ok(ScanOutcome::Unknown(format!(
                "{sku}: at most 1,000,000 units."
            )));
        }
        let expected = match expected.filter(|_| counted.is_some()) {
            Some(expected) => expected,
            None => on_hand(c, &count, variant)?,
        };
        set_counted(c, actor, line, (total, expected))?;
        audit_line(c, actor, id, &sku, (counted, total, expected))?;
        Ok(ScanOutcome::Counted {
            sku,
            counted: total,
        })
    })
}

/// The count's line whose SKU (any case) or barcode is `code`.
fn find_line(conn: &mut DbConnection, id: CountId, code: &str) -> QueryResult<Option<ScannedLine>> {
    stock_count_lines::table
        .inner_join(variants::table)
        .filter(stock_count_lines::count_id.eq(id))
        .filter(
            variants::sku_key
                .eq(code.to_ascii_uppercase())
                .or(variants::barcode.eq(code)),
        )
        .select((
            stock_count_lines::id,
            variants::id,
            variants::sku,
            stock_count_lines::counted,
            stock_count_lines::expected,
        ))
        .first(conn)
        .optional()
}

/// Any variant whose SKU (any case) or barcode is `code`, a SKU's match first: its id, SKU and
/// whether it tracks stock.
fn find_variant(
    conn: &mut DbConnection,
    code: &str,
) -> QueryResult<Option<(VariantId, String, bool)>> {
    let by_sku = variants::table
        .filter(variants::sku_key.eq(code.to_ascii_uppercase()))
        .select((variants::id, variants::sku, variants::track_inventory))
        .first(conn)
        .optional()?;
    if by_sku.is_some() {
        return Ok(by_sku);
    }
    variants::table
        .filter(variants::barcode.eq(code))
        .order(variants::id.asc())
        .select((variants::id, variants::sku, variants::track_inventory))
        .first(conn)
        .optional()
}
