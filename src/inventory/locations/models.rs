//! A stock location as stored, and as checked from its form.

use diesel::prelude::*;

use crate::db::schema::locations;
use crate::domain::ids::LocationId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = locations)]
pub struct Location {
    pub id: LocationId,
    pub name: String,
    pub code: String,
    pub address: String,
    pub fulfils_orders: bool,
    pub priority: i64,
    pub active: bool,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: chrono::NaiveDateTime,
}

/// A location's values, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationChanges {
    pub name: String,
    pub code: String,
    pub address: String,
    pub fulfils_orders: bool,
    pub priority: i64,
    /// The version the form showed (none for a new location).
    pub version: Option<i64>,
}

/// A location in the list, with what it holds.
#[derive(Debug, Clone)]
pub struct LocationSummary {
    pub location: Location,
    pub units: i64,
    pub variants: i64,
}

crate::versioned!(Location);
