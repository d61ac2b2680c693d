//! Posting a count (its variances become count movements, in one transaction) or abandoning
//! it; each once, with one audit row.

use diesel::prelude::*;
use serde_json::json;

use super::table::StockCounts;
use crate::auth::Actor;
use crate::db::schema::{stock_counts, stock_reasons};
use crate::db::{self, DbConnection};
use crate::documents;
use crate::domain::ids::{CountId, ReasonId};
use crate::domain::words::count as words;
use crate::error::AppError;
use crate::inventory::counts::models::{CountStatus, StockCount};
use crate::inventory::counts::queries;
use crate::inventory::domain::{MovementKind, StockReference, after_posting};
use crate::inventory::stock::{Movement, Recorder, level, record_all};

/// Stamps when a count ended; its status was set by the claim.
fn stamp_closed(conn: &mut DbConnection, id: CountId) -> QueryResult<usize> {
    diesel::update(stock_counts::table.find(id))
        .set(stock_counts::closed_at.eq(Some(db::now())))
        .execute(conn)
}

/// The count as it is now that this transaction holds it.
fn held(conn: &mut DbConnection, id: CountId) -> Result<StockCount, AppError> {
    queries::find(conn, id)?.ok_or(AppError::NotFound)
}

/// Posts every counted line's variance on top of its level as it is now.
pub fn post_count(conn: &mut DbConnection, actor: &Actor, id: CountId) -> Result<String, AppError> {
    let to = (id, CountStatus::Posted);
    documents::transition::<StockCounts>(conn, actor, to, "inventory.count_posted", |c, _| {
        let count = held(c, id)?;
        let reason: Option<ReasonId> = stock_reasons::table
            .filter(stock_reasons::code.eq("count"))
            .select(stock_reasons::id)
            .first(c)
            .optional()?;
        let lines = queries::variances(c, id)?;
        let mut changes = Vec::new();
        let mut recount = Vec::new();
        for line in &lines {
            let (Some(counted), Some(expected)) = (line.counted, line.expected) else {
                continue;
            };
            let now = level(c, line.variant_id, count.location_id)
                .map_err(AppError::from)?
                .map_or(0, |b| b.on_hand);
            match after_posting(now, counted, expected) {
                Some(_) => changes.push((line.variant_id, counted - expected)),
                None => recount.push(line.sku.clone()),
            }
        }
        if !recount.is_empty() {
            return Err(AppError::Conflict(format!(
                "More left after counting than was counted for {}: count {} again, then post.",
                recount.join(", "),
                if recount.len() == 1 { "it" } else { "them" }
            )));
        }
        let movements: Vec<Movement<'_>> = changes
            .iter()
            .map(|(variant, change)| Movement {
                variant: *variant,
                location: count.location_id,
                kind: MovementKind::Count,
                on_hand: *change,
                committed: 0,
                reason,
                note: "",
                reference: Some(StockReference::Count(id)),
            })
            .collect();
        record_all(c, Recorder::of(actor), &movements)?;
        stamp_closed(c, id)?;
        let net: i64 = changes.iter().map(|(_, change)| change).sum();
        let sentence = format!(
            "Count {id} posted: {} changed, {} net.",
            words(changes.len() as i64, "level", "levels"),
            if net > 0 {
                format!("+{net}")
            } else {
                net.to_string()
            }
        );
        let details = json!({ "lines_changed": changes.len(), "net_units": net });
        Ok((details, sentence))
    })
}

/// Gives a count up: stock stays as it was.
pub fn abandon_count(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CountId,
) -> Result<String, AppError> {
    let to = (id, CountStatus::Abandoned);
    documents::transition::<StockCounts>(conn, actor, to, "inventory.count_abandoned", |c, _| {
        stamp_closed(c, id)?;
        Ok((
            json!({}),
            format!("Count {id} abandoned: stock is as it was."),
        ))
    })
}
