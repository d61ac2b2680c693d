//! The stock ledger's one writer. Every change to a level's on hand or committed is one
//! movement row, written by [`record`] together with the level and the variant's total, in
//! the caller's transaction: the level always equals the sum of its movements
//! (`backroom check` verifies it).
//!
//! Overselling is refused by the database, not by a read-then-write: the level is updated
//! with a condition (`on_hand + change >= 0`, and for variants without backorders
//! `available after >= 0` when the movement lowers availability), so of two buyers racing for
//! the last unit exactly one update matches. SQLite serialises writers (`BEGIN IMMEDIATE`);
//! PostgreSQL re-checks the condition against the row the other transaction committed.

use diesel::prelude::*;

use super::refusal::{Shortage, StockError};
use crate::auth::Actor;
use crate::db::schema::{locations, stock_levels, stock_movements, stock_totals, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, MovementId, ReasonId, VariantId};
use crate::inventory::domain::{ActorKind, MovementKind, StockReference};

/// One change to one level.
#[derive(Debug, Clone)]
pub struct Movement<'a> {
    pub variant: VariantId,
    pub location: LocationId,
    pub kind: MovementKind,
    /// The change to on hand.
    pub on_hand: i64,
    /// The change to committed.
    pub committed: i64,
    pub reason: Option<ReasonId>,
    pub note: &'a str,
    pub reference: Option<StockReference>,
}

/// Who records a movement: the actor of the audit log, and how they acted (a background job
/// acts for the person who started it).
#[derive(Debug, Clone, Copy)]
pub struct Recorder<'a> {
    pub actor: &'a Actor,
    pub kind: ActorKind,
}

impl<'a> Recorder<'a> {
    pub fn of(actor: &'a Actor) -> Recorder<'a> {
        Recorder {
            actor,
            kind: actor.kind,
        }
    }
}

/// A level's two stored figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Balance {
    pub on_hand: i64,
    pub committed: i64,
}

impl Balance {
    pub fn available(self) -> i64 {
        self.on_hand - self.committed
    }
}

/// A movement written: its row and the level after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: MovementId,
    pub after: Balance,
}

/// Writes `movement` and moves its level and total by it, or refuses with the level as it is.
/// Call inside a write transaction (`db::write`); on a refusal the caller's transaction must
/// not commit what it wrote before (returning the error from `db::write` rolls it back).
pub fn record(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    movement: &Movement<'_>,
) -> Result<Recorded, StockError> {
    if !movement.kind.allows(movement.on_hand, movement.committed) {
        return Err(StockError::Failed(crate::error::AppError::Unexpected(
            format!(
                "a {} cannot change on hand by {} and committed by {}",
                movement.kind.as_str(),
                movement.on_hand,
                movement.committed
            ),
        )));
    }
    let (sku, tracked, backorders) = variants::table
        .find(movement.variant)
        .select((
            variants::sku,
            variants::track_inventory,
            variants::allow_backorder,
        ))
        .first::<(String, bool, bool)>(conn)
        .optional()?
        .ok_or_else(|| StockError::Refused("That variant no longer exists.".into()))?;
    if !tracked {
        return Err(StockError::Refused(format!(
            "{sku} does not track stock. Turn on \"Track stock\" on its product page first."
        )));
    }
    let after = match move_level(conn, movement, backorders)? {
        Some(after) => after,
        None => {
            // No row yet (a location opened after tracking began) or not enough stock.
            let current = level(conn, movement.variant, movement.location)?;
            match current {
                Some(balance) => {
                    return Err(StockError::Short(vec![Shortage {
                        variant: movement.variant,
                        sku,
                        wanted: movement.committed.max(0) - movement.on_hand.min(0),
                        available: balance.available(),
                    }]));
                }
                None => {
                    open_level(conn, by, movement.variant, movement.location)?;
                    move_level(conn, movement, backorders)?.ok_or_else(|| {
                        StockError::Short(vec![Shortage {
                            variant: movement.variant,
                            sku,
                            wanted: movement.committed.max(0) - movement.on_hand.min(0),
                            available: 0,
                        }])
                    })?
                }
            }
        }
    };
    diesel::update(stock_totals::table.find(movement.variant))
        .set((
            stock_totals::on_hand.eq(stock_totals::on_hand + movement.on_hand),
            stock_totals::committed.eq(stock_totals::committed + movement.committed),
        ))
        .execute(conn)?;
    let id = insert_movement(conn, by, movement, after)?;
    Ok(Recorded { id, after })
}

/// Writes every movement, or none: each short variant is named in one
/// [`StockError::Short`], which the caller returns from its transaction to roll it back.
pub fn record_all(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    movements: &[Movement<'_>],
) -> Result<Vec<Recorded>, StockError> {
    let mut recorded = Vec::with_capacity(movements.len());
    let mut short = Vec::new();
    for movement in movements {
        match record(conn, by, movement) {
            Ok(done) => recorded.push(done),
            Err(StockError::Short(mut shortages)) => short.append(&mut shortages),
            Err(other) => return Err(other),
        }
    }
    if short.is_empty() {
        Ok(recorded)
    } else {
        Err(StockError::Short(short))
    }
}

/// Moves what is on its way to a level (`incoming`: ordered on a purchase order, or in transit
/// on a transfer) and the variant's total by `change`. Not a movement: nothing is on hand yet.
pub fn expect(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    variant: VariantId,
    location: LocationId,
    change: i64,
) -> Result<(), StockError> {
    if level(conn, variant, location)?.is_none() {
        open_level(conn, by, variant, location)?;
    }
    let moved = diesel::update(
        stock_levels::table
            .filter(stock_levels::variant_id.eq(variant))
            .filter(stock_levels::location_id.eq(location))
            .filter((stock_levels::incoming + change).ge(0)),
    )
    .set(stock_levels::incoming.eq(stock_levels::incoming + change))
    .execute(conn)?;
    if moved == 0 {
        return Err(StockError::Failed(crate::error::AppError::Unexpected(
            format!("incoming of variant {variant} at {location} would fall below zero"),
        )));
    }
    diesel::update(stock_totals::table.find(variant))
        .set(stock_totals::incoming.eq(stock_totals::incoming + change))
        .execute(conn)?;
    Ok(())
}

/// The conditional update; `None` when no row matched (missing, or the movement would take
/// more than there is).
fn move_level(
    conn: &mut DbConnection,
    movement: &Movement<'_>,
    backorders: bool,
) -> Result<Option<Balance>, StockError> {
    let (dh, dc) = (movement.on_hand, movement.committed);
    // Available may fall below zero only for a variant that takes backorders, or by a
    // movement that raises it (a receipt into a level already oversold).
    let floor = if backorders || dh - dc >= 0 {
        i64::MIN / 4
    } else {
        0
    };
    let after = diesel::update(
        stock_levels::table
            .filter(stock_levels::variant_id.eq(movement.variant))
            .filter(stock_levels::location_id.eq(movement.location))
            .filter((stock_levels::on_hand + dh).ge(0))
            .filter((stock_levels::committed + dc).ge(0))
            .filter(((stock_levels::on_hand + dh) - (stock_levels::committed + dc)).ge(floor)),
    )
    .set((
        stock_levels::on_hand.eq(stock_levels::on_hand + dh),
        stock_levels::committed.eq(stock_levels::committed + dc),
        stock_levels::updated_at.eq(db::now()),
    ))
    .returning((stock_levels::on_hand, stock_levels::committed))
    .get_result::<(i64, i64)>(conn)
    .optional()?;
    Ok(after.map(|(on_hand, committed)| Balance { on_hand, committed }))
}

/// A level as stored, if it exists.
pub fn level(
    conn: &mut DbConnection,
    variant: VariantId,
    location: LocationId,
) -> Result<Option<Balance>, StockError> {
    Ok(stock_levels::table
        .filter(stock_levels::variant_id.eq(variant))
        .filter(stock_levels::location_id.eq(location))
        .select((stock_levels::on_hand, stock_levels::committed))
        .first::<(i64, i64)>(conn)
        .optional()?
        .map(|(on_hand, committed)| Balance { on_hand, committed }))
}

/// Opens a variant's level at an active location (at zero, with its ledger row), and its
/// total if it had none.
fn open_level(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    variant: VariantId,
    location: LocationId,
) -> Result<(), StockError> {
    let active: bool = locations::table
        .find(location)
        .select(locations::active)
        .first(conn)
        .optional()?
        .ok_or_else(|| StockError::Refused("That location does not exist.".into()))?;
    if !active {
        return Err(StockError::Refused(
            "That location is deactivated: it holds no stock.".into(),
        ));
    }
    open_levels(conn, by, variant, &[location])?;
    Ok(())
}

/// Opens the levels a tracked variant lacks at `locations` (zero, one "tracking started" row
/// each) and its total. Returns how many levels were opened.
pub fn open_levels(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    variant: VariantId,
    at: &[LocationId],
) -> Result<usize, StockError> {
    let existing: Vec<LocationId> = stock_levels::table
        .filter(stock_levels::variant_id.eq(variant))
        .select(stock_levels::location_id)
        .load(conn)?;
    let now = db::now();
    let mut opened = 0;
    for location in at.iter().filter(|l| !existing.contains(l)) {
        diesel::insert_into(stock_levels::table)
            .values((
                stock_levels::variant_id.eq(variant),
                stock_levels::location_id.eq(*location),
                stock_levels::updated_at.eq(now),
            ))
            .execute(conn)?;
        let start = Movement {
            variant,
            location: *location,
            kind: MovementKind::TrackingStarted,
            on_hand: 0,
            committed: 0,
            reason: None,
            note: "",
            reference: None,
        };
        insert_movement(conn, by, &start, Balance::default())?;
        opened += 1;
    }
    let has_total = diesel::select(diesel::dsl::exists(stock_totals::table.find(variant)))
        .get_result::<bool>(conn)?;
    if !has_total {
        diesel::insert_into(stock_totals::table)
            .values(stock_totals::variant_id.eq(variant))
            .execute(conn)?;
    }
    Ok(opened)
}

fn insert_movement(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    movement: &Movement<'_>,
    after: Balance,
) -> Result<MovementId, StockError> {
    Ok(diesel::insert_into(stock_movements::table)
        .values((
            stock_movements::variant_id.eq(movement.variant),
            stock_movements::location_id.eq(movement.location),
            stock_movements::kind.eq(movement.kind),
            stock_movements::on_hand_change.eq(movement.on_hand),
            stock_movements::committed_change.eq(movement.committed),
            stock_movements::on_hand_after.eq(after.on_hand),
            stock_movements::committed_after.eq(after.committed),
            stock_movements::reason_id.eq(movement.reason),
            stock_movements::note.eq(movement.note),
            stock_movements::actor_kind.eq(by.kind),
            stock_movements::staff_id.eq(by.actor.staff_id),
            stock_movements::actor.eq(&by.actor.label),
            stock_movements::reference_kind.eq(movement.reference.map(|r| r.parts().0)),
            stock_movements::reference_id.eq(movement.reference.map(|r| r.parts().1)),
            stock_movements::created_at.eq(db::now()),
        ))
        .returning(stock_movements::id)
        .get_result(conn)?)
}
