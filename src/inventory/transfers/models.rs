//! Transfers as stored and as checked, and the moves their status may make.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{transfer_lines, transfers};
use crate::documents::Lifecycle;
use crate::domain::ids::{LocationId, TransferId, TransferLineId, VariantId};
use crate::inventory::domain::Quantity;

crate::text_enum! {
    /// Where a transfer stands.
    pub enum TransferStatus {
        /// Being prepared: lines can change, no stock has moved.
        Draft = ("draft", "Draft"),
        /// On its way: the stock left the origin and is incoming at the destination. Some
        /// lines may have arrived already.
        Sent = ("sent", "In transit"),
        /// Everything arrived, or what did not was written off.
        Closed = ("closed", "Closed"),
        /// Called off; a sent transfer's stock went back to the origin.
        Cancelled = ("cancelled", "Cancelled"),
    }
}

impl TransferStatus {
    /// The allowed moves, as data.
    pub fn can_become(self, next: TransferStatus) -> bool {
        use TransferStatus as S;
        matches!(
            (self, next),
            (S::Draft, S::Sent)
                | (S::Draft, S::Cancelled)
                | (S::Sent, S::Closed)
                | (S::Sent, S::Cancelled)
        )
    }
}

impl Lifecycle for TransferStatus {
    fn can_become(self, next: Self) -> bool {
        TransferStatus::can_become(self, next)
    }

    fn label(self) -> &'static str {
        TransferStatus::label(self)
    }

    fn verb(self) -> &'static str {
        match self {
            TransferStatus::Sent => "sent",
            TransferStatus::Closed => "received or closed",
            TransferStatus::Cancelled => "cancelled",
            TransferStatus::Draft => "made a draft",
        }
    }
}

crate::document_table!(
    Transfers,
    transfers,
    TransferId,
    TransferStatus,
    "transfer",
    "transfer"
);
crate::draft_table!(
    Transfers,
    transfers,
    transfer_lines,
    transfer_id,
    TransferStatus::Draft,
    "inventory.transfer"
);

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
    pub version: Option<i64>,
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
