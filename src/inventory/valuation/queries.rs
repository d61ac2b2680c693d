//! Stock value at cost per location: one grouped query over the levels.

use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::DbConnection;

#[derive(Debug, Clone, QueryableByName)]
pub struct LocationValue {
    #[diesel(sql_type = BigInt)]
    pub location_id: i64,
    /// Units on hand.
    #[diesel(sql_type = BigInt)]
    pub units: i64,
    /// Their value at each variant's cost per item, in minor units.
    #[diesel(sql_type = BigInt)]
    pub value: i64,
    /// Units of variants with no cost yet (not in `value`).
    #[diesel(sql_type = BigInt)]
    pub uncosted: i64,
}

const VALUES: &str = "SELECT l.location_id AS location_id, \
     CAST(SUM(l.on_hand) AS BIGINT) AS units, \
     CAST(COALESCE(SUM(l.on_hand * v.cost), 0) AS BIGINT) AS value, \
     CAST(SUM(CASE WHEN v.cost IS NULL THEN l.on_hand ELSE 0 END) AS BIGINT) AS uncosted \
     FROM stock_levels l JOIN variants v ON v.id = l.variant_id \
     WHERE l.on_hand > 0 AND v.track_inventory GROUP BY l.location_id";

pub fn values(conn: &mut DbConnection) -> QueryResult<Vec<LocationValue>> {
    match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(VALUES).load(c),
        DbConnection::Pg(c) => diesel::sql_query(VALUES).load(c),
    }
}
