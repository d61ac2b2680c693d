//! Transfers as stored and as checked, and the moves their status may make.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::transfers;
use crate::domain::ids::{LocationId, TransferId, TransferLineId, VariantId};
use crate::inventory::domain::Quantity;

crate::lifecycle! {
    /// Where a transfer stands (and the move to it, in words).
    pub enum TransferStatus {
        /// Being prepared: lines can change, no stock has moved.
        Draft = ("draft", "Draft", "made a draft"),
        /// On its way: the stock left the origin and is incoming at the destination. Some
        /// lines may have arrived already.
        Sent = ("sent", "In transit", "sent"),
        /// Everything arrived, or what did not was written off.
        Closed = ("closed", "Closed", "received or closed"),
        /// Called off; a sent transfer's stock went back to the origin.
        Cancelled = ("cancelled", "Cancelled", "cancelled"),
    }
    moves { Draft => Sent, Draft => Cancelled, Sent => Closed, Sent => Cancelled }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = transfers)]
pub struct Transfer {
    pub id: TransferId,
    pub from_location_id: LocationId,
    pub to_location_id: LocationId,
    pub status: TransferStatus,
    pub note: String,
    pub version: i64,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

/// A line with what it names, for the pages.
#[derive(Debug, Clone)]
pub struct TransferLine {
    pub id: TransferLineId,
    pub variant_id: VariantId,
    pub sku: String,
    pub title: String,
    pub options: String,
    pub quantity: i64,
    pub received: i64,
    pub written_off: i64,
}

impl TransferLine {
    /// Units still on their way.
    pub fn outstanding(&self) -> i64 {
        self.quantity - self.received - self.written_off
    }
}

/// A draft as checked: the SKUs already resolved to variants.
#[derive(Debug, Clone)]
pub struct DraftChanges {
    pub from: LocationId,
    pub to: LocationId,
    pub note: String,
    /// (SKU as typed, units), in the order typed; a SKU given twice is added up.
    pub lines: Vec<(String, Quantity)>,
    /// The typed lines that did not read, each naming its line: the check reports them with
    /// the codes it cannot find.
    pub line_problems: Vec<String>,
    pub version: Option<i64>,
}

impl crate::documents::ReceivedLine for TransferLine {
    type Id = TransferLineId;

    fn id(&self) -> TransferLineId {
        self.id
    }

    fn outstanding(&self) -> i64 {
        TransferLine::outstanding(self)
    }

    fn code(&self) -> &str {
        &self.sku
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transfer_moves_forward_or_is_called_off() {
        use TransferStatus as S;
        assert!(S::Draft.can_become(S::Sent));
        assert!(S::Sent.can_become(S::Closed));
        assert!(S::Sent.can_become(S::Cancelled));
        assert!(!S::Draft.can_become(S::Closed));
        assert!(!S::Closed.can_become(S::Sent));
        assert!(!S::Cancelled.can_become(S::Sent));
        assert!(!S::Closed.can_become(S::Cancelled));
    }
}
