//! An adjustment as checked: which level, what change, why.

use crate::domain::ids::{LocationId, ReasonId, VariantId};
use crate::inventory::domain::Quantity;

/// What the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdjustMode {
    Add(Quantity),
    Remove(Quantity),
    /// Set on hand to this (a count by hand).
    Set(Quantity),
}

impl AdjustMode {
    /// The change to on hand, given what is on hand now.
    pub fn change_from(self, on_hand: i64) -> i64 {
        match self {
            AdjustMode::Add(q) => q.get(),
            AdjustMode::Remove(q) => -q.get(),
            AdjustMode::Set(q) => q.get() - on_hand,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Adjustment {
    pub variant: VariantId,
    pub location: LocationId,
    pub mode: AdjustMode,
    pub reason: ReasonId,
    pub note: String,
    /// The on hand the person saw (for "set to"): a different level now is a conflict.
    pub expected: Option<i64>,
}

/// A variant's stock at every active location, for the adjust page.
#[derive(Debug, Clone)]
pub struct VariantStock {
    pub sku: String,
    pub title: String,
    pub options: String,
    pub tracked: bool,
    pub levels: Vec<LevelRow>,
}

/// A variant's level at one location, with its reorder settings.
#[derive(Debug, Clone)]
pub struct LevelRow {
    pub location: LocationId,
    pub name: String,
    pub on_hand: i64,
    pub committed: i64,
    pub reorder_point: Option<i64>,
    pub reorder_quantity: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_gives_its_change() {
        let five = Quantity::parse("5").unwrap();
        assert_eq!(AdjustMode::Add(five).change_from(12), 5);
        assert_eq!(AdjustMode::Remove(five).change_from(12), -5);
        assert_eq!(AdjustMode::Set(five).change_from(12), -7);
        assert_eq!(AdjustMode::Set(five).change_from(5), 0);
    }
}
