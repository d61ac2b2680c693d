//! Demo stock: three locations, stock for every tracked variant with 90 days of movements
//! behind it (receipts, sales-like removals, corrections), and reorder points on a share of
//! levels, some of them low. Written straight to the tables in batches, levels equal to the
//! sum of their movements (`backroom check` passes on a demo database).

use chrono::Duration;
use diesel::prelude::*;
use rand::Rng;
use rand::rngs::StdRng;

use crate::db::schema::{locations, stock_levels, stock_movements, stock_totals, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, VariantId};
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::inventory::domain::{ActorKind, MovementKind, Quantity};
use crate::inventory::transfers::{DraftChanges, save_draft, send};

/// Units of each line of the demo transfer.
const TWO: Quantity = Quantity::new(2);

/// Rows per insert: well under SQLite's limit on bound values.
const BATCH: usize = 1_000;
const ACTOR: &str = "demo data";

/// One ledger row to write.
struct Planned {
    at: chrono::NaiveDateTime,
    variant: VariantId,
    location: LocationId,
    kind: MovementKind,
    change: i64,
    after: i64,
    reason: Option<i64>,
}

pub fn generate(conn: &mut DbConnection, rng: &mut StdRng) -> Result<String, AppError> {
    let existing: i64 = stock_movements::table
        .filter(stock_movements::kind.ne(MovementKind::TrackingStarted))
        .count()
        .get_result(conn)?;
    if existing > 0 {
        return Ok(format!(
            "the ledger has {existing} movements already; none added"
        ));
    }
    let now = db::now();
    let locations = ensure_locations(conn, now)?;
    let tracked: Vec<VariantId> = variants::table
        .filter(variants::track_inventory.eq(true))
        .order(variants::id.asc())
        .select(variants::id)
        .load(conn)?;
    let reason = |code: &str| -> Result<Option<i64>, AppError> {
        Ok(Some(
            crate::db::schema::stock_reasons::table
                .filter(crate::db::schema::stock_reasons::code.eq(code))
                .select(crate::db::schema::stock_reasons::id)
                .first::<i64>(conn)?,
        ))
    };
    let _ = reason;
    let mut planned = Vec::new();
    let mut levels = Vec::new();
    for &variant in &tracked {
        for (i, &location) in locations.iter().enumerate() {
            // The main location holds most; the pop-up little or nothing.
            let (received, share) = match i {
                0 => (rng.random_range(10..80), 100),
                1 => (rng.random_range(0..120), 70),
                _ => (rng.random_range(0..12), 40),
            };
            let mut on_hand = 0_i64;
            let mut day = rng.random_range(60..90_i64);
            if received > 0 && rng.random_range(0..100) < share {
                on_hand += received;
                planned.push(Planned {
                    at: now - Duration::days(day) - Duration::minutes(rng.random_range(0..600)),
                    variant,
                    location,
                    kind: MovementKind::Receipt,
                    change: received,
                    after: on_hand,
                    reason: None,
                });
                for _ in 0..rng.random_range(0..4) {
                    day -= rng.random_range(1..20);
                    if day < 0 || on_hand == 0 {
                        break;
                    }
                    let change = -rng.random_range(1..=on_hand.min(8));
                    on_hand += change;
                    planned.push(Planned {
                        at: now - Duration::days(day) - Duration::minutes(rng.random_range(0..600)),
                        variant,
                        location,
                        kind: MovementKind::Adjustment,
                        change,
                        after: on_hand,
                        reason: None,
                    });
                }
            }
            // A fifth of levels reorder; about a third of those are low.
            let reorder = (rng.random_range(0..5) == 0).then(|| {
                if rng.random_range(0..3) == 0 {
                    on_hand + rng.random_range(0..5)
                } else {
                    (on_hand / 3).max(1)
                }
            });
            levels.push((variant, location, on_hand, reorder));
        }
    }
    let reasons = reason_ids(conn)?;
    for row in planned
        .iter_mut()
        .filter(|r| r.kind == MovementKind::Adjustment)
    {
        row.reason = Some(reasons[(row.at.and_utc().timestamp() as usize) % reasons.len()]);
    }
    planned.sort_by_key(|row| row.at);
    let written = planned.len();
    db::write(conn, |c| {
        for chunk in planned.chunks(BATCH) {
            for row in chunk {
                diesel::insert_into(stock_movements::table)
                    .values((
                        stock_movements::variant_id.eq(row.variant),
                        stock_movements::location_id.eq(row.location),
                        stock_movements::kind.eq(row.kind),
                        stock_movements::on_hand_change.eq(row.change),
                        stock_movements::committed_change.eq(0_i64),
                        stock_movements::on_hand_after.eq(row.after),
                        stock_movements::committed_after.eq(0_i64),
                        stock_movements::reason_id.eq(row.reason),
                        stock_movements::actor_kind.eq(ActorKind::System),
                        stock_movements::actor.eq(ACTOR),
                        stock_movements::created_at.eq(row.at),
                    ))
                    .execute(c)?;
            }
        }
        for (variant, location, on_hand, reorder) in &levels {
            diesel::update(
                stock_levels::table
                    .filter(stock_levels::variant_id.eq(*variant))
                    .filter(stock_levels::location_id.eq(*location)),
            )
            .set((
                stock_levels::on_hand.eq(*on_hand),
                stock_levels::reorder_point.eq(*reorder),
                stock_levels::reorder_quantity.eq(reorder.map(|r| r * 2 + 10)),
            ))
            .execute(c)?;
        }
        let mut totals: std::collections::HashMap<VariantId, i64> = Default::default();
        for (variant, _, on_hand, _) in &levels {
            *totals.entry(*variant).or_default() += on_hand;
        }
        for (variant, on_hand) in totals {
            diesel::update(stock_totals::table.find(variant))
                .set(stock_totals::on_hand.eq(on_hand))
                .execute(c)?;
        }
        // Tracking started when the levels opened, before the history written above: the
        // ledger is read in the order its rows were written, which is then its order in time.
        let start = planned.first().map_or(now, |row| row.at) - Duration::minutes(1);
        diesel::update(
            stock_movements::table.filter(stock_movements::kind.eq(MovementKind::TrackingStarted)),
        )
        .set(stock_movements::created_at.eq(start))
        .execute(c)?;
        Ok(())
    })?;
    let in_transit = send_a_transfer(conn, &locations, &levels)?;
    let buying = match locations.first() {
        Some(main) => {
            let shop = crate::shop::load(conn)?;
            super::buying::generate(conn, &demo_actor(), &shop, *main)?
        }
        None => "no purchasing".into(),
    };
    Ok(format!(
        "{} locations, stock for {} variants, {written} movements over 90 days, {in_transit}, {buying}",
        locations.len(),
        tracked.len()
    ))
}

/// A transfer on its way from the first location to the second: three lines of stock the
/// first holds, sent as a person would (draft, then send).
fn send_a_transfer(
    conn: &mut DbConnection,
    locations: &[LocationId],
    levels: &[(VariantId, LocationId, i64, Option<i64>)],
) -> Result<String, AppError> {
    let (Some(&from), Some(&to)) = (locations.first(), locations.get(1)) else {
        return Ok("no transfer (one location)".into());
    };
    let picked: Vec<VariantId> = levels
        .iter()
        .filter(|(_, location, on_hand, _)| *location == from && *on_hand >= 4)
        .map(|(variant, ..)| *variant)
        .take(3)
        .collect();
    let skus: Vec<String> = variants::table
        .filter(variants::id.eq_any(&picked))
        .select(variants::sku)
        .load(conn)?;
    if skus.is_empty() {
        return Ok("no transfer (nothing to send)".into());
    }
    let actor = demo_actor();
    let changes = DraftChanges {
        from,
        to,
        note: "Weekly top-up".into(),
        lines: skus.iter().map(|sku| (sku.clone(), TWO)).collect(),
        line_problems: Vec::new(),
        version: None,
    };
    let shop = crate::shop::load(conn)?;
    match save_draft(conn, &actor, None, &changes, &shop)? {
        SaveResult::Saved(id) => {
            send(conn, &actor, id)?;
            Ok(format!("transfer {id} in transit"))
        }
        _ => Ok("no transfer (the draft was refused)".into()),
    }
}

fn demo_actor() -> crate::auth::Actor {
    crate::auth::Actor::system(ACTOR)
}

/// The reasons a demo correction picks from.
fn reason_ids(conn: &mut DbConnection) -> Result<Vec<i64>, AppError> {
    use crate::db::schema::stock_reasons;
    Ok(stock_reasons::table
        .filter(stock_reasons::code.eq_any([
            "correction",
            "damaged",
            "theft_or_loss",
            "sample_or_promotion",
        ]))
        .select(stock_reasons::id)
        .load(conn)?)
}

/// Main (from the migration), a warehouse and a pop-up shop, each with a level for every
/// tracked variant; returns them in priority order.
fn ensure_locations(
    conn: &mut DbConnection,
    now: chrono::NaiveDateTime,
) -> Result<Vec<LocationId>, AppError> {
    db::write(conn, |c| {
        for (name, code, address, fulfils, priority) in [
            ("Warehouse", "WH", "Unit 4, Dockside Estate", true, 20_i64),
            ("Pop-up shop", "POPUP", "Market Hall, stall 12", false, 30),
        ] {
            let taken = diesel::select(diesel::dsl::exists(
                locations::table.filter(locations::code_key.eq(code)),
            ))
            .get_result::<bool>(c)?;
            if !taken {
                diesel::insert_into(locations::table)
                    .values((
                        locations::name.eq(name),
                        locations::code.eq(code),
                        locations::code_key.eq(code),
                        locations::address.eq(address),
                        locations::fulfils_orders.eq(fulfils),
                        locations::priority.eq(priority),
                        locations::updated_by.eq(ACTOR),
                        locations::created_at.eq(now),
                        locations::updated_at.eq(now),
                    ))
                    .execute(c)?;
            }
        }
        let all: Vec<LocationId> = locations::table
            .filter(locations::active.eq(true))
            .order(locations::priority.asc())
            .select(locations::id)
            .load(c)?;
        let actor = demo_actor();
        let products: Vec<crate::domain::ids::ProductId> = crate::db::schema::products::table
            .select(crate::db::schema::products::id)
            .load(c)?;
        for product in products {
            crate::inventory::stock::start_tracking(c, &actor, product)?;
        }
        Ok(all)
    })
}
