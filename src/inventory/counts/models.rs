//! Stocktakes as stored and as checked, and the moves their status may make.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::stock_counts;
use crate::domain::ids::{CategoryId, CountId, CountLineId, LocationId, VariantId};

crate::lifecycle! {
    /// Where a stocktake stands (and the move to it, in words).
    pub enum CountStatus {
        /// Being counted.
        Open = ("open", "Counting", "reopened"),
        /// Its variances went into stock.
        Posted = ("posted", "Posted", "posted"),
        /// Given up: nothing changed.
        Abandoned = ("abandoned", "Abandoned", "abandoned"),
    }
    moves { Open => Posted, Open => Abandoned }
}

/// What a count covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    All,
    /// A category and its descendants (ids resolved by the handler), with its name.
    Category(Vec<CategoryId>, String),
    Vendor(String),
    /// Pasted SKUs or barcodes.
    Codes(Vec<String>),
}

impl Scope {
    pub fn describe(&self) -> String {
        match self {
            Scope::All => "All tracked variants".into(),
            Scope::Category(_, name) => format!("Category: {name}"),
            Scope::Vendor(vendor) => format!("Vendor: {vendor}"),
            Scope::Codes(codes) => format!("{} listed SKUs", codes.len()),
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = stock_counts)]
pub struct StockCount {
    pub id: CountId,
    pub location_id: LocationId,
    pub status: CountStatus,
    pub scope: String,
    pub note: String,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// A line of the sheet.
#[derive(Debug, Clone)]
pub struct CountLine {
    pub id: CountLineId,
    pub variant_id: VariantId,
    pub sku: String,
    pub barcode: Option<String>,
    pub title: String,
    pub options: String,
    pub counted: Option<i64>,
    pub expected: Option<i64>,
    pub counted_by: String,
    /// Cost per item in minor units, for the variance's value.
    pub cost: Option<i64>,
}

impl CountLine {
    pub fn variance(&self) -> Option<i64> {
        Some(crate::inventory::domain::variance(
            self.counted?,
            self.expected?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_is_posted_or_abandoned_once() {
        use CountStatus as S;
        assert!(S::Open.can_become(S::Posted));
        assert!(S::Open.can_become(S::Abandoned));
        assert!(!S::Posted.can_become(S::Posted));
        assert!(!S::Abandoned.can_become(S::Posted));
        assert!(!S::Posted.can_become(S::Abandoned));
    }
}
