//! Reading suppliers.

use diesel::prelude::*;

use super::models::Supplier;
use crate::db::DbConnection;
use crate::db::schema::{suppliers, variant_suppliers};
use crate::domain::ids::{SupplierId, VariantId};

pub fn find(conn: &mut DbConnection, id: SupplierId) -> QueryResult<Option<Supplier>> {
    suppliers::table
        .find(id)
        .select(Supplier::as_select())
        .first(conn)
        .optional()
}

/// Every supplier by name, with how many variants name it as their default.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<(Supplier, i64)>> {
    let all: Vec<Supplier> = suppliers::table
        .select(Supplier::as_select())
        .order(suppliers::name_key.asc())
        .load(conn)?;
    let counts: Vec<(SupplierId, i64)> = variant_suppliers::table
        .group_by(variant_suppliers::supplier_id)
        .select((variant_suppliers::supplier_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(all
        .into_iter()
        .map(|s| {
            let n = counts
                .iter()
                .find(|(id, _)| *id == s.id)
                .map_or(0, |(_, n)| *n);
            (s, n)
        })
        .collect())
}

/// (id, name) of every supplier, for menus.
pub fn choices(conn: &mut DbConnection) -> QueryResult<Vec<(SupplierId, String)>> {
    suppliers::table
        .order(suppliers::name_key.asc())
        .select((suppliers::id, suppliers::name))
        .load(conn)
}

/// A variant's default supplier and the supplier's code for it.
pub fn default_of(
    conn: &mut DbConnection,
    variant: VariantId,
) -> QueryResult<Option<(SupplierId, String)>> {
    variant_suppliers::table
        .find(variant)
        .select((
            variant_suppliers::supplier_id,
            variant_suppliers::supplier_sku,
        ))
        .first(conn)
        .optional()
}
