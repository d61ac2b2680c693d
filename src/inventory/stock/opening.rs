//! Levels opened at a new or reactivated location: one for every tracked variant, in bulk.

use diesel::dsl::{exists, not};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

use super::ledger::Recorder;
use crate::db::schema::{stock_levels, stock_movements, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::LocationId;
use crate::error::AppError;
use crate::inventory::domain::MovementKind;

/// Opens a level at `location` (a new or reactivated location) for every tracked variant that
/// has none there, each with its ledger row: two statements,
/// whatever the size of the catalog. The ledger rows come first, while "has no level" still
/// picks the same variants.
pub fn open_location_levels(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    location: LocationId,
) -> Result<(), AppError> {
    let now = db::now();
    let lacking = || {
        variants::table
            .filter(variants::track_inventory.eq(true))
            .filter(not(exists(
                stock_levels::table
                    .filter(stock_levels::variant_id.eq(variants::id))
                    .filter(stock_levels::location_id.eq(location)),
            )))
    };
    diesel::insert_into(stock_movements::table)
        .values(lacking().select((
            variants::id,
            location.into_sql::<BigInt>(),
            MovementKind::TrackingStarted.into_sql::<Text>(),
            0_i64.into_sql::<BigInt>(),
            0_i64.into_sql::<BigInt>(),
            0_i64.into_sql::<BigInt>(),
            0_i64.into_sql::<BigInt>(),
            by.kind.into_sql::<Text>(),
            by.actor.staff_id.into_sql::<Nullable<BigInt>>(),
            by.actor.label.clone().into_sql::<Text>(),
            now.into_sql::<Timestamp>(),
        )))
        .into_columns((
            stock_movements::variant_id,
            stock_movements::location_id,
            stock_movements::kind,
            stock_movements::on_hand_change,
            stock_movements::committed_change,
            stock_movements::on_hand_after,
            stock_movements::committed_after,
            stock_movements::actor_kind,
            stock_movements::staff_id,
            stock_movements::actor,
            stock_movements::created_at,
        ))
        .execute(conn)?;
    diesel::insert_into(stock_levels::table)
        .values(lacking().select((
            variants::id,
            location.into_sql::<BigInt>(),
            now.into_sql::<Timestamp>(),
        )))
        .into_columns((
            stock_levels::variant_id,
            stock_levels::location_id,
            stock_levels::updated_at,
        ))
        .execute(conn)?;
    Ok(())
}
