//! Reading the reasons.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{stock_movements, stock_reasons};
use crate::domain::ids::ReasonId;

/// A reason with how many movements gave it.
#[derive(Debug, Clone)]
pub struct ReasonRow {
    pub id: ReasonId,
    pub code: String,
    pub label: String,
    pub needs_note: bool,
    pub active: bool,
    pub used: i64,
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<ReasonRow>> {
    let rows: Vec<(ReasonId, String, String, bool, bool)> = stock_reasons::table
        .order((stock_reasons::position.asc(), stock_reasons::id.asc()))
        .select((
            stock_reasons::id,
            stock_reasons::code,
            stock_reasons::label,
            stock_reasons::needs_note,
            stock_reasons::active,
        ))
        .load(conn)?;
    let used: Vec<(Option<ReasonId>, i64)> = stock_movements::table
        .filter(stock_movements::reason_id.is_not_null())
        .group_by(stock_movements::reason_id)
        .select((stock_movements::reason_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, code, label, needs_note, active)| ReasonRow {
            used: used
                .iter()
                .find(|(r, _)| *r == Some(id))
                .map_or(0, |(_, n)| *n),
            id,
            code,
            label,
            needs_note,
            active,
        })
        .collect())
}
