//! What checking an inventory file yields: the lines it would write, and its row errors.

use crate::domain::ids::{LocationId, ReasonId, SupplierId, VariantId};
use crate::inventory::stock::Reorder;

/// A problem with one row of the file, numbered as a spreadsheet numbers its rows (the header
/// is row 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: u64,
    pub sku: String,
    pub message: String,
}

/// One level the import changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedLine {
    pub row: u64,
    pub variant: VariantId,
    pub sku: String,
    pub location: LocationId,
    pub location_code: String,
    /// On hand as the check saw it.
    pub seen_on_hand: i64,
    /// The change to on hand (0: only the reorder settings change).
    pub change: i64,
    pub reason: Option<ReasonId>,
    pub reason_label: String,
    pub note: String,
    /// The reorder settings before, and after when the file changes them.
    pub reorder_before: Reorder,
    pub reorder_after: Option<Reorder>,
    /// The variant's default supplier and its code after the line, when it changes them
    /// (`Some(None)`: cleared).
    pub supplier_after: Option<Option<(SupplierId, String)>>,
}

/// What an inventory import would do.
#[derive(Debug, Clone, Default)]
pub struct StockPlan {
    pub rows: usize,
    pub lines: Vec<PlannedLine>,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}
