//! Reading locations.

use diesel::prelude::*;

use super::models::{Location, LocationSummary};
use crate::db::DbConnection;
use crate::db::schema::{locations, stock_levels};
use crate::domain::ids::LocationId;
use crate::domain::problems::FieldErrors;

/// Notes "Choose an active location." against `field` unless `id` is an active location (the
/// check of every document that names one).
pub fn require_active(
    conn: &mut DbConnection,
    errors: &mut FieldErrors,
    (field, id): (&str, LocationId),
) -> QueryResult<()> {
    let active: Option<bool> = locations::table
        .find(id)
        .select(locations::active)
        .first(conn)
        .optional()?;
    if active != Some(true) {
        errors.add(field, "Choose an active location.");
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: LocationId) -> QueryResult<Option<Location>> {
    locations::table
        .find(id)
        .select(Location::as_select())
        .first(conn)
        .optional()
}

/// Every location, active first, by priority, with the units and variants each holds.
pub fn summaries(conn: &mut DbConnection) -> QueryResult<Vec<LocationSummary>> {
    let all: Vec<Location> = locations::table
        .select(Location::as_select())
        .order((
            locations::active.desc(),
            locations::priority.asc(),
            locations::name.asc(),
        ))
        .load(conn)?;
    let held: Vec<Held> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(HELD).load(c)?,
        DbConnection::Pg(c) => diesel::sql_query(HELD).load(c)?,
    };
    Ok(all
        .into_iter()
        .map(|location| {
            let found = held.iter().find(|h| h.location_id == location.id.get());
            LocationSummary {
                units: found.map_or(0, |h| h.units),
                variants: found.map_or(0, |h| h.variants),
                location,
            }
        })
        .collect())
}

/// Units on hand per location, and how many variants hold stock there (one grouped query).
const HELD: &str = "SELECT location_id, CAST(SUM(on_hand) AS BIGINT) AS units, \
     CAST(COUNT(*) AS BIGINT) AS variants FROM stock_levels \
     WHERE on_hand > 0 OR committed > 0 GROUP BY location_id";

#[derive(QueryableByName)]
struct Held {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    location_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    units: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    variants: i64,
}

/// Units on hand or committed at a location, and how many variants hold them.
pub fn held_at(conn: &mut DbConnection, id: LocationId) -> QueryResult<(i64, i64)> {
    let rows: Vec<(i64, i64)> = stock_levels::table
        .filter(stock_levels::location_id.eq(id))
        .filter(
            stock_levels::on_hand
                .gt(0)
                .or(stock_levels::committed.gt(0)),
        )
        .select((stock_levels::on_hand, stock_levels::committed))
        .load(conn)?;
    Ok((
        rows.iter().map(|(on_hand, _)| on_hand).sum(),
        rows.len() as i64,
    ))
}

/// Active locations, in priority order: the menus of the stock pages.
pub fn active(conn: &mut DbConnection) -> QueryResult<Vec<Location>> {
    locations::table
        .filter(locations::active.eq(true))
        .select(Location::as_select())
        .order((locations::priority.asc(), locations::name.asc()))
        .load(conn)
}

/// Every location, deactivated ones too (past transfers name them).
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<Location>> {
    locations::table
        .select(Location::as_select())
        .order((
            locations::active.desc(),
            locations::priority.asc(),
            locations::name.asc(),
        ))
        .load(conn)
}
