//! Purchase orders as stored and as checked, and the moves their status may make.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::purchase_orders;
use crate::domain::ids::{LocationId, PurchaseOrderId, PurchaseOrderLineId, SupplierId, VariantId};
use crate::inventory::domain::Quantity;

crate::lifecycle! {
    /// Where a purchase order stands (and the move to it, in words).
    pub enum PurchaseOrderStatus {
        /// Being prepared: nothing is expected yet.
        Draft = ("draft", "Draft", "made a draft"),
        /// Sent to the supplier: its units are incoming at its location.
        Ordered = ("ordered", "Ordered", "placed"),
        /// Some units arrived; the rest are still incoming.
        Partial = ("partially_received", "Partially received", "received or closed"),
        /// Everything arrived, or the order was closed with units outstanding.
        Received = ("received", "Received", "received or closed"),
        /// Called off before anything arrived.
        Cancelled = ("cancelled", "Cancelled", "cancelled"),
    }
    moves {
        Draft => Ordered, Draft => Cancelled,
        Ordered => Partial, Ordered => Received, Ordered => Cancelled,
        Partial => Partial, Partial => Received,
    }
}

impl PurchaseOrderStatus {
    /// Whether units can be received against it.
    pub fn receivable(self) -> bool {
        matches!(
            self,
            PurchaseOrderStatus::Ordered | PurchaseOrderStatus::Partial
        )
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = purchase_orders)]
pub struct PurchaseOrder {
    pub id: PurchaseOrderId,
    pub supplier_id: SupplierId,
    pub location_id: LocationId,
    pub status: PurchaseOrderStatus,
    pub expected_on: Option<String>,
    pub note: String,
    pub version: i64,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub ordered_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
}

/// A line with what it names.
#[derive(Debug, Clone)]
pub struct PurchaseOrderLine {
    pub id: PurchaseOrderLineId,
    pub variant_id: VariantId,
    pub sku: String,
    pub supplier_sku: String,
    pub title: String,
    pub options: String,
    pub quantity: i64,
    pub unit_cost: i64,
    pub received: i64,
}

impl PurchaseOrderLine {
    /// Units ordered and not yet received (never below zero: more may have arrived).
    pub fn outstanding(&self) -> i64 {
        (self.quantity - self.received).max(0)
    }
}

/// A typed line: code, units, and the unit cost in minor units if one was given.
pub type TypedLine = (String, Quantity, Option<i64>);

/// A draft as checked (the codes are resolved when it is saved).
#[derive(Debug, Clone)]
pub struct DraftChanges {
    pub supplier: SupplierId,
    pub location: LocationId,
    pub expected_on: Option<NaiveDate>,
    pub note: String,
    pub lines: Vec<TypedLine>,
    /// The typed lines that did not read, each naming its line: the check reports them with
    /// the codes it cannot find.
    pub line_problems: Vec<String>,
    pub version: Option<i64>,
}

impl crate::documents::ReceivedLine for PurchaseOrderLine {
    type Id = PurchaseOrderLineId;

    fn id(&self) -> PurchaseOrderLineId {
        self.id
    }

    fn outstanding(&self) -> i64 {
        PurchaseOrderLine::outstanding(self)
    }

    fn code(&self) -> &str {
        &self.sku
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_placed_received_or_called_off() {
        use PurchaseOrderStatus as S;
        assert!(S::Draft.can_become(S::Ordered));
        assert!(S::Ordered.can_become(S::Partial));
        assert!(S::Partial.can_become(S::Received));
        assert!(S::Ordered.can_become(S::Cancelled));
        assert!(
            !S::Partial.can_become(S::Cancelled),
            "received units stay: close it instead"
        );
        assert!(!S::Cancelled.can_become(S::Ordered));
        assert!(!S::Received.can_become(S::Partial));
        assert!(!S::Draft.can_become(S::Received));
        assert!(S::Partial.receivable() && !S::Cancelled.receivable() && !S::Draft.receivable());
    }
}
