//! `backroom check`: the ledger verified against the levels. For every variant × location the
//! level must equal the sum of its movements, each movement's balances must follow from the
//! ones before, every total must equal the sum of its levels, and no level may break a rule
//! (negative on hand or committed, or available below zero without backorders).

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::DbConnection;
use crate::error::AppError;

/// The most lines reported of each kind of difference.
const REPORTED: i64 = 200;

#[derive(Debug, QueryableByName)]
struct Found {
    #[diesel(sql_type = Text)]
    sku: String,
    #[diesel(sql_type = Text)]
    place: String,
    #[diesel(sql_type = BigInt)]
    stored_on_hand: i64,
    #[diesel(sql_type = BigInt)]
    stored_committed: i64,
    #[diesel(sql_type = BigInt)]
    expected_on_hand: i64,
    #[diesel(sql_type = BigInt)]
    expected_committed: i64,
}

/// What the check compares, each a query returning [`Found`] rows that differ.
const CHECKS: [(&str, &str); 7] = [
    (
        "level differs from the sum of its movements",
        // The movements are summed per level first, then joined: joined movement by
        // movement, a planner without statistics may look each level's up by location alone.
        "SELECT v.sku AS sku, loc.code AS place, l.on_hand AS stored_on_hand, \
         l.committed AS stored_committed, \
         CAST(COALESCE(s.on_hand, 0) AS BIGINT) AS expected_on_hand, \
         CAST(COALESCE(s.committed, 0) AS BIGINT) AS expected_committed \
         FROM stock_levels l JOIN variants v ON v.id = l.variant_id \
         JOIN locations loc ON loc.id = l.location_id \
         LEFT JOIN (SELECT variant_id, location_id, SUM(on_hand_change) AS on_hand, \
               SUM(committed_change) AS committed FROM stock_movements \
               GROUP BY variant_id, location_id) s \
           ON s.variant_id = l.variant_id AND s.location_id = l.location_id \
         WHERE l.on_hand <> CAST(COALESCE(s.on_hand, 0) AS BIGINT) \
            OR l.committed <> CAST(COALESCE(s.committed, 0) AS BIGINT)",
    ),
    (
        "movements without a level",
        "SELECT v.sku AS sku, loc.code AS place, CAST(0 AS BIGINT) AS stored_on_hand, CAST(0 AS BIGINT) AS stored_committed, \
         CAST(SUM(m.on_hand_change) AS BIGINT) AS expected_on_hand, \
         CAST(SUM(m.committed_change) AS BIGINT) AS expected_committed \
         FROM stock_movements m JOIN variants v ON v.id = m.variant_id \
         JOIN locations loc ON loc.id = m.location_id \
         LEFT JOIN stock_levels l ON l.variant_id = m.variant_id AND l.location_id = m.location_id \
         WHERE l.id IS NULL GROUP BY m.variant_id, m.location_id, v.sku, loc.code",
    ),
    (
        "a movement's balance does not follow from the movements before it",
        "SELECT v.sku AS sku, loc.code || ' movement ' || CAST(x.id AS TEXT) AS place, \
         x.on_hand_after AS stored_on_hand, x.committed_after AS stored_committed, \
         CAST(x.run_on_hand AS BIGINT) AS expected_on_hand, \
         CAST(x.run_committed AS BIGINT) AS expected_committed \
         FROM (SELECT id, variant_id, location_id, on_hand_after, committed_after, \
               SUM(on_hand_change) OVER (PARTITION BY variant_id, location_id ORDER BY id) AS run_on_hand, \
               SUM(committed_change) OVER (PARTITION BY variant_id, location_id ORDER BY id) AS run_committed \
               FROM stock_movements) x \
         JOIN variants v ON v.id = x.variant_id JOIN locations loc ON loc.id = x.location_id \
         WHERE x.on_hand_after <> x.run_on_hand OR x.committed_after <> x.run_committed",
    ),
    (
        "total differs from the sum of the variant's levels",
        "SELECT v.sku AS sku, 'all locations' AS place, t.on_hand AS stored_on_hand, \
         t.committed AS stored_committed, \
         CAST(COALESCE(SUM(l.on_hand), 0) AS BIGINT) AS expected_on_hand, \
         CAST(COALESCE(SUM(l.committed), 0) AS BIGINT) AS expected_committed \
         FROM stock_totals t JOIN variants v ON v.id = t.variant_id \
         LEFT JOIN stock_levels l ON l.variant_id = t.variant_id \
         GROUP BY t.variant_id, v.sku, t.on_hand, t.committed \
         HAVING t.on_hand <> CAST(COALESCE(SUM(l.on_hand), 0) AS BIGINT) \
             OR t.committed <> CAST(COALESCE(SUM(l.committed), 0) AS BIGINT)",
    ),
    (
        "level breaks a rule (negative, or oversold without backorders)",
        "SELECT v.sku AS sku, loc.code AS place, l.on_hand AS stored_on_hand, \
         l.committed AS stored_committed, \
         CASE WHEN l.on_hand < 0 THEN 0 ELSE l.on_hand END AS expected_on_hand, \
         CASE WHEN l.committed < 0 THEN 0 WHEN l.committed > l.on_hand THEN l.on_hand ELSE l.committed END AS expected_committed \
         FROM stock_levels l JOIN variants v ON v.id = l.variant_id \
         JOIN locations loc ON loc.id = l.location_id \
         WHERE l.on_hand < 0 OR l.committed < 0 \
            OR (l.on_hand < l.committed AND NOT v.allow_backorder)",
    ),
    (
        "incoming differs from what open transfers and purchase orders bring (figures: incoming, 0)",
        "SELECT v.sku AS sku, loc.code AS place, l.incoming AS stored_on_hand, \
         CAST(0 AS BIGINT) AS stored_committed, \
         CAST(COALESCE(x.expected, 0) AS BIGINT) AS expected_on_hand, \
         CAST(0 AS BIGINT) AS expected_committed \
         FROM stock_levels l JOIN variants v ON v.id = l.variant_id \
         JOIN locations loc ON loc.id = l.location_id \
         LEFT JOIN (SELECT variant_id, location_id, SUM(units) AS expected FROM ( \
               SELECT tl.variant_id AS variant_id, t.to_location_id AS location_id, \
                 tl.quantity - tl.received - tl.written_off AS units \
               FROM transfer_lines tl JOIN transfers t ON t.id = tl.transfer_id \
               WHERE t.status = 'sent' \
               UNION ALL \
               SELECT pl.variant_id, po.location_id, \
                 CASE WHEN pl.quantity > pl.received THEN pl.quantity - pl.received ELSE 0 END \
               FROM purchase_order_lines pl JOIN purchase_orders po ON po.id = pl.purchase_order_id \
               WHERE po.status IN ('ordered', 'partially_received') \
             ) open_lines GROUP BY variant_id, location_id) x \
           ON x.variant_id = l.variant_id AND x.location_id = l.location_id \
         WHERE l.incoming <> COALESCE(x.expected, 0)",
    ),
    (
        "total incoming differs from the sum of the variant's levels (figures: incoming, 0)",
        "SELECT v.sku AS sku, 'all locations' AS place, t.incoming AS stored_on_hand, \
         CAST(0 AS BIGINT) AS stored_committed, \
         CAST(COALESCE(SUM(l.incoming), 0) AS BIGINT) AS expected_on_hand, \
         CAST(0 AS BIGINT) AS expected_committed \
         FROM stock_totals t JOIN variants v ON v.id = t.variant_id \
         LEFT JOIN stock_levels l ON l.variant_id = t.variant_id \
         GROUP BY t.variant_id, v.sku, t.incoming \
         HAVING t.incoming <> CAST(COALESCE(SUM(l.incoming), 0) AS BIGINT)",
    ),
];

/// One difference, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference(pub String);

/// Every difference found (at most [`REPORTED`] of each kind); empty when the ledger holds.
pub fn check_ledger(conn: &mut DbConnection) -> Result<Vec<Difference>, AppError> {
    let mut differences = Vec::new();
    for (what, sql) in CHECKS {
        let sql = format!("{sql} LIMIT {REPORTED}");
        let found: Vec<Found> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c)?,
            DbConnection::Pg(c) => diesel::sql_query(sql).load(c)?,
        };
        differences.extend(found.into_iter().map(|f| {
            Difference(format!(
                "{what}: {} at {}: stored on hand {}, committed {}; expected on hand {}, committed {}",
                f.sku,
                f.place,
                f.stored_on_hand,
                f.stored_committed,
                f.expected_on_hand,
                f.expected_committed
            ))
        }));
    }
    Ok(differences)
}
