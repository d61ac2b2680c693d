//! A supplier as stored and as checked.

use diesel::prelude::*;

use crate::db::schema::suppliers;
use crate::domain::ids::SupplierId;

#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = suppliers)]
pub struct Supplier {
    pub id: SupplierId,
    pub name: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub lead_time_days: Option<i64>,
    pub notes: String,
    pub version: i64,
    pub updated_by: String,
    pub updated_at: chrono::NaiveDateTime,
}

/// A supplier's values, checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SupplierChanges {
    pub name: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub lead_time_days: Option<i64>,
    pub notes: String,
    #[serde(skip)]
    pub version: Option<i64>,
}

crate::versioned!(Supplier);
