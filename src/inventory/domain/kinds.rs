//! What a stock movement is, who made it, and what it belongs to: each stored as a word.

crate::text_enum! {
    /// The kind of a ledger row. Each kind moves on hand and committed in its own directions
    /// ([`MovementKind::allows`]).
    pub enum MovementKind {
        /// A variant began tracking stock at a location: a zero row that opens its ledger.
        TrackingStarted = ("tracking_started", "Tracking started"),
        /// On hand set or changed by hand, with a reason.
        Adjustment = ("adjustment", "Adjustment"),
        /// Units received against a purchase order.
        Receipt = ("receipt", "Received"),
        /// Units sent to another location.
        TransferOut = ("transfer_out", "Transfer out"),
        /// Units arrived from another location.
        TransferIn = ("transfer_in", "Transfer in"),
        /// On hand set to what a stocktake counted.
        Count = ("count", "Count"),
        /// Units promised to an order (committed up).
        Reservation = ("reservation", "Reserved"),
        /// A promise given back (committed down).
        Release = ("release", "Released"),
        /// Units that left with an order (on hand and committed down).
        Shipment = ("shipment", "Shipped"),
        /// Units an order returned (on hand up).
        Return = ("return", "Returned"),
    }
}

impl MovementKind {
    /// Whether a movement of this kind may change on hand by `on_hand` and committed by
    /// `committed`: a receipt only adds, a shipment takes the same units from both, and so on.
    pub fn allows(self, on_hand: i64, committed: i64) -> bool {
        use MovementKind as K;
        match self {
            K::TrackingStarted => on_hand == 0 && committed == 0,
            K::Adjustment | K::Count => on_hand != 0 && committed == 0,
            K::Receipt | K::TransferIn | K::Return => on_hand > 0 && committed == 0,
            K::TransferOut => on_hand < 0 && committed == 0,
            K::Reservation => on_hand == 0 && committed > 0,
            K::Release => on_hand == 0 && committed < 0,
            K::Shipment => on_hand < 0 && committed == on_hand,
        }
    }
}

use crate::domain::ids::{CountId, OrderId, PurchaseOrderId, StockImportId, TransferId};

/// Who made a movement: the actor's own kind (`auth`), stored with the row.
pub use crate::auth::ActorKind;

crate::text_enum! {
    /// What a movement belongs to, shown as a link on the ledger.
    pub enum ReferenceKind {
        PurchaseOrder = ("purchase_order", "Purchase order"),
        Transfer = ("transfer", "Transfer"),
        Count = ("count", "Stocktake"),
        Order = ("order", "Order"),
        Import = ("import", "Inventory import"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_moves_stock_only_its_own_way() {
        use MovementKind as K;
        assert!(K::Receipt.allows(5, 0));
        assert!(!K::Receipt.allows(-5, 0));
        assert!(K::Adjustment.allows(-2, 0));
        assert!(!K::Adjustment.allows(0, 0));
        assert!(K::Shipment.allows(-2, -2));
        assert!(!K::Shipment.allows(-2, 0));
        assert!(K::Reservation.allows(0, 3));
        assert!(!K::Reservation.allows(3, 3));
        assert!(K::Release.allows(0, -3));
        assert!(K::TrackingStarted.allows(0, 0));
        assert!(!K::TransferOut.allows(1, 0));
        for kind in K::ALL {
            assert_eq!(K::parse(kind.as_str()), Some(*kind));
        }
    }
}

/// What a movement belongs to, typed: the document and its id. Stored as the kind's word and
/// the bare id (`reference_kind`, `reference_id`), read back with [`StockReference::of`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockReference {
    PurchaseOrder(PurchaseOrderId),
    Transfer(TransferId),
    Count(CountId),
    Order(OrderId),
    Import(StockImportId),
}

impl StockReference {
    /// The stored pair.
    pub fn parts(self) -> (ReferenceKind, i64) {
        match self {
            StockReference::PurchaseOrder(id) => (ReferenceKind::PurchaseOrder, id.get()),
            StockReference::Transfer(id) => (ReferenceKind::Transfer, id.get()),
            StockReference::Count(id) => (ReferenceKind::Count, id.get()),
            StockReference::Order(id) => (ReferenceKind::Order, id.get()),
            StockReference::Import(id) => (ReferenceKind::Import, id.get()),
        }
    }

    /// The reference a stored pair names.
    pub fn of(kind: ReferenceKind, id: i64) -> StockReference {
        match kind {
            ReferenceKind::PurchaseOrder => StockReference::PurchaseOrder(PurchaseOrderId::new(id)),
            ReferenceKind::Transfer => StockReference::Transfer(TransferId::new(id)),
            ReferenceKind::Count => StockReference::Count(CountId::new(id)),
            ReferenceKind::Order => StockReference::Order(OrderId::new(id)),
            ReferenceKind::Import => StockReference::Import(StockImportId::new(id)),
        }
    }

    /// Its page, for those that have one (orders will, once that area exists).
    pub fn link(self) -> Option<String> {
        match self {
            StockReference::Transfer(id) => Some(format!("/admin/inventory/transfers/{id}")),
            StockReference::PurchaseOrder(id) => {
                Some(format!("/admin/inventory/purchase-orders/{id}"))
            }
            StockReference::Count(id) => Some(format!("/admin/inventory/counts/{id}")),
            StockReference::Order(_) | StockReference::Import(_) => None,
        }
    }
}

#[cfg(test)]
mod reference_tests {
    use super::*;

    #[test]
    fn a_reference_survives_its_stored_form() {
        for reference in [
            StockReference::Transfer(TransferId::new(3)),
            StockReference::PurchaseOrder(PurchaseOrderId::new(4)),
            StockReference::Count(CountId::new(5)),
            StockReference::Order(OrderId::new(6)),
            StockReference::Import(StockImportId::new(7)),
        ] {
            let (kind, id) = reference.parts();
            assert_eq!(StockReference::of(kind, id), reference);
        }
        assert_eq!(
            StockReference::Count(CountId::new(5)).link().as_deref(),
            Some("/admin/inventory/counts/5")
        );
    }
}
