//! Stock for orders: reserve, release, ship and restock. Each call writes its movements in the
//! caller's transaction (the order's), through the ledger's one writer; a shortage names every
//! short variant, and returned from `db::write` it rolls the whole order back.

use super::ledger::{Movement, Recorded, Recorder, record_all};
use super::refusal::StockError;
use crate::db::DbConnection;
use crate::domain::ids::{LocationId, OrderId, VariantId};
use crate::inventory::domain::{MovementKind, Quantity, StockReference};

/// A number of units of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub variant: VariantId,
    pub quantity: Quantity,
}

/// What an order does with its lines' stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fulfilment {
    /// Committed goes up; refused where not enough is available (unless backorders).
    Reserve,
    /// Committed goes down: the order no longer needs the units.
    Release,
    /// On hand and committed both go down: the units left with the order.
    Ship,
    /// On hand goes up: a return put the units back.
    Restock,
}

impl Fulfilment {
    fn movement(self, units: i64) -> (MovementKind, i64, i64) {
        match self {
            Fulfilment::Reserve => (MovementKind::Reservation, 0, units),
            Fulfilment::Release => (MovementKind::Release, 0, -units),
            Fulfilment::Ship => (MovementKind::Shipment, -units, -units),
            Fulfilment::Restock => (MovementKind::Return, units, 0),
        }
    }
}

/// Applies `what` to every line at `location`, for `order`. Lines of the same
/// variant are added together first. Every short variant is named in one
/// [`StockError::Short`]; nothing is kept then, as long as the caller lets the error roll its
/// transaction back.
pub fn fulfil(
    conn: &mut DbConnection,
    by: Recorder<'_>,
    what: Fulfilment,
    location: LocationId,
    lines: &[Line],
    order: OrderId,
) -> Result<Vec<Recorded>, StockError> {
    let mut merged: Vec<(VariantId, i64)> = Vec::new();
    for line in lines.iter().filter(|l| l.quantity.get() > 0) {
        match merged.iter_mut().find(|(v, _)| *v == line.variant) {
            Some((_, units)) => *units += line.quantity.get(),
            None => merged.push((line.variant, line.quantity.get())),
        }
    }
    let movements: Vec<Movement<'_>> = merged
        .into_iter()
        .map(|(variant, units)| {
            let (kind, on_hand, committed) = what.movement(units);
            Movement {
                variant,
                location,
                kind,
                on_hand,
                committed,
                reason: None,
                note: "",
                reference: Some(StockReference::Order(order)),
            }
        })
        .collect();
    record_all(conn, by, &movements)
}
