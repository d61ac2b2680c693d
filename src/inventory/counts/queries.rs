//! Reading stocktakes.

use diesel::prelude::*;

use super::models::{CountLine, StockCount};
use crate::catalog::options_label;
use crate::db::schema::{products, stock_count_lines, stock_counts, stock_levels, variants};
use crate::db::{DbBackend, DbConnection};
use crate::domain::ids::{CountId, CountLineId, LocationId, VariantId};
use crate::web::pagination::Cursor;

pub fn find(conn: &mut DbConnection, id: CountId) -> QueryResult<Option<StockCount>> {
    stock_counts::table
        .find(id)
        .select(StockCount::as_select())
        .first(conn)
        .optional()
}

/// A page of counts, newest first, at the locations of `scope` (all when none): the scope is
/// part of the query, so a limited person's pages are full.
pub fn list(
    conn: &mut DbConnection,
    scope: Option<&[LocationId]>,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<StockCount>, bool)> {
    let mut query = stock_counts::table
        .select(StockCount::as_select())
        .into_boxed::<DbBackend>();
    if let Some(ids) = scope {
        query = query.filter(stock_counts::location_id.eq_any(ids.to_vec()));
    }
    crate::newest_first!(query, stock_counts::id, cursor, size, conn)
}

/// Lines counted and lines in all of each count listed, in one query.
pub fn progress_of(
    conn: &mut DbConnection,
    ids: &[CountId],
) -> QueryResult<Vec<(CountId, i64, i64)>> {
    let rows: Vec<(CountId, i64, i64)> = stock_count_lines::table
        .filter(stock_count_lines::count_id.eq_any(ids))
        .group_by(stock_count_lines::count_id)
        .select((
            stock_count_lines::count_id,
            diesel::dsl::count(stock_count_lines::counted),
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(ids
        .iter()
        .map(|id| {
            rows.iter()
                .find(|(c, _, _)| c == id)
                .copied()
                .unwrap_or((*id, 0, 0))
        })
        .collect())
}

/// Lines counted and lines in all, of one count.
pub fn progress(conn: &mut DbConnection, id: CountId) -> QueryResult<(i64, i64)> {
    let all: i64 = stock_count_lines::table
        .filter(stock_count_lines::count_id.eq(id))
        .count()
        .get_result(conn)?;
    let counted: i64 = stock_count_lines::table
        .filter(stock_count_lines::count_id.eq(id))
        .filter(stock_count_lines::counted.is_not_null())
        .count()
        .get_result(conn)?;
    Ok((counted, all))
}

/// Which lines a sheet shows.
#[derive(Debug, Clone, Default)]
pub struct LineFilter {
    /// A SKU or barcode prefix, or words of the title.
    pub q: String,
    pub uncounted_only: bool,
    pub counted_only: bool,
    pub after: Option<CountLineId>,
}

type Row = (
    (CountLineId, VariantId, String, Option<String>, String),
    (Option<String>, Option<String>, Option<String>),
    (Option<i64>, Option<i64>, String),
    Option<i64>,
);

/// Up to `limit` lines in id order after `after`.
pub fn lines(
    conn: &mut DbConnection,
    id: CountId,
    filter: &LineFilter,
    limit: i64,
) -> QueryResult<Vec<CountLine>> {
    let mut query = stock_count_lines::table
        .inner_join(variants::table.inner_join(products::table))
        .filter(stock_count_lines::count_id.eq(id))
        .into_boxed::<DbBackend>();
    if filter.uncounted_only {
        query = query.filter(stock_count_lines::counted.is_null());
    }
    if filter.counted_only {
        query = query.filter(stock_count_lines::counted.is_not_null());
    }
    let q = filter.q.trim();
    if !q.is_empty() {
        let pattern = format!("{}%", q.to_ascii_uppercase().replace(['%', '_', '\\'], ""));
        let words = format!("%{}%", q.replace(['%', '_', '\\'], ""));
        query = query.filter(
            variants::sku_key
                .like(pattern)
                .or(variants::barcode.eq(q.to_owned()))
                .or(products::title.like(words)),
        );
    }
    if let Some(after) = filter.after {
        query = query.filter(stock_count_lines::id.gt(after));
    }
    let rows: Vec<Row> = query
        .order(stock_count_lines::id.asc())
        .limit(limit)
        .select((
            (
                stock_count_lines::id,
                variants::id,
                variants::sku,
                variants::barcode,
                products::title,
            ),
            (variants::option1, variants::option2, variants::option3),
            (
                stock_count_lines::counted,
                stock_count_lines::expected,
                stock_count_lines::counted_by,
            ),
            variants::cost,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, variant_id, sku, barcode, title),
                (o1, o2, o3),
                (counted, expected, by),
                cost,
            )| {
                CountLine {
                    id,
                    variant_id,
                    sku,
                    barcode,
                    title,
                    options: options_label([o1, o2, o3]),
                    counted,
                    expected,
                    counted_by: by,
                    cost,
                }
            },
        )
        .collect())
}

/// Every counted line whose count differs from what was on hand (for the review and posting).
pub fn variances(conn: &mut DbConnection, id: CountId) -> QueryResult<Vec<CountLine>> {
    let filter = LineFilter {
        counted_only: true,
        ..LineFilter::default()
    };
    let mut all = Vec::new();
    loop {
        let chunk = lines(
            conn,
            id,
            &LineFilter {
                after: all.last().map(|l: &CountLine| l.id),
                ..filter.clone()
            },
            5_000,
        )?;
        if chunk.is_empty() {
            break;
        }
        all.extend(chunk);
    }
    all.retain(|l| l.variance().is_some_and(|v| v != 0));
    Ok(all)
}

/// The lines of a count not counted yet: how many, the units on hand at its location for them
/// now, and their value at cost (minor units; lines without a cost count as nothing).
pub fn uncounted(conn: &mut DbConnection, count: &StockCount) -> QueryResult<(i64, i64, i64)> {
    let rows: Vec<(i64, Option<i64>)> = stock_count_lines::table
        .inner_join(variants::table)
        .inner_join(
            stock_levels::table.on(stock_levels::variant_id
                .eq(stock_count_lines::variant_id)
                .and(stock_levels::location_id.eq(count.location_id))),
        )
        .filter(stock_count_lines::count_id.eq(count.id))
        .filter(stock_count_lines::counted.is_null())
        .select((stock_levels::on_hand, variants::cost))
        .load(conn)?;
    let units = rows.iter().map(|(on_hand, _)| on_hand).sum();
    let value = rows
        .iter()
        .map(|(on_hand, cost)| on_hand * cost.unwrap_or(0))
        .sum();
    Ok((rows.len() as i64, units, value))
}
