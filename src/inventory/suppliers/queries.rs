//! Reading suppliers.

use diesel::prelude::*;

use super::models::Supplier;
use crate::db::schema::{products, suppliers, variant_suppliers, variants};
use crate::db::{DbBackend, DbConnection, id_in};
use crate::domain::ids::{ProductId, SupplierId, VariantId};
use crate::web::pagination::{Cursor, finish_page};

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

/// A variant as the supplier's page lists it: id, SKU, product title, options, the supplier's
/// code for it, and (among candidates) the name of its current default supplier.
#[derive(Debug, Clone, Queryable)]
pub struct SupplierVariant {
    pub id: VariantId,
    pub sku: String,
    pub sku_key: String,
    pub title: String,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub supplier_sku: Option<String>,
    pub current: Option<String>,
}

impl SupplierVariant {
    pub fn options(&self) -> String {
        crate::catalog::options_label([
            self.option1.clone(),
            self.option2.clone(),
            self.option3.clone(),
        ])
    }
}

/// The columns of a [`SupplierVariant`], over variants joined to their product and supplier.
macro_rules! supplier_variant_columns {
    () => {
        (
            variants::id,
            variants::sku,
            variants::sku_key,
            products::title,
            variants::option1,
            variants::option2,
            variants::option3,
            variant_suppliers::supplier_sku.nullable(),
            suppliers::name.nullable(),
        )
    };
}

/// The variants naming `supplier` as their default, a page in SKU order.
pub fn variants_of(
    conn: &mut DbConnection,
    supplier: SupplierId,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<(Vec<SupplierVariant>, bool)> {
    let query = variants::table
        .inner_join(products::table)
        .inner_join(variant_suppliers::table.inner_join(suppliers::table))
        .filter(variant_suppliers::supplier_id.eq(supplier))
        .into_boxed::<DbBackend>();
    let text = |v: &str| Some(v.to_owned());
    let rows = crate::keyset!(query, variants::sku_key, variants::id, true, cursor, text)
        .select(supplier_variant_columns!())
        .limit(size + 1)
        .load(conn)?;
    Ok(finish_page(rows, size, cursor))
}

/// Tracked variants that could name `supplier` (they do not yet), of the products picked (all
/// when none), with their product and current supplier joined.
type CandidateQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::LeftJoin<
        diesel::dsl::InnerJoin<variants::table, products::table>,
        diesel::dsl::LeftJoin<variant_suppliers::table, suppliers::table>,
    >,
    DbBackend,
>;

fn candidate_query(supplier: SupplierId, products_picked: Option<&[ProductId]>) -> CandidateQuery {
    let mut query = variants::table
        .inner_join(products::table)
        .left_join(variant_suppliers::table.left_join(suppliers::table))
        .filter(variants::track_inventory.eq(true))
        .filter(
            variant_suppliers::supplier_id
                .ne(supplier)
                .or(variant_suppliers::supplier_id.is_null()),
        )
        .into_boxed::<DbBackend>();
    if let Some(ids) = products_picked {
        query = query.filter(id_in(variants::product_id, ids));
    }
    query
}

/// The candidates (as [`candidate_query`]): the first `size` in SKU order with their current
/// supplier, and how many.
pub fn candidates(
    conn: &mut DbConnection,
    supplier: SupplierId,
    products_picked: Option<&[ProductId]>,
    size: i64,
) -> QueryResult<(Vec<SupplierVariant>, i64)> {
    let base = || candidate_query(supplier, products_picked);
    let total: i64 = base().count().get_result(conn)?;
    let rows = base()
        .order((variants::sku_key.asc(), variants::id.asc()))
        .select(supplier_variant_columns!())
        .limit(size)
        .load(conn)?;
    Ok((rows, total))
}

/// The ids of every candidate (as [`candidates`]), up to `cap`.
pub fn candidate_ids(
    conn: &mut DbConnection,
    supplier: SupplierId,
    products_picked: Option<&[ProductId]>,
    cap: i64,
) -> QueryResult<Vec<VariantId>> {
    let query = candidate_query(supplier, products_picked);
    query
        .order(variants::id.asc())
        .select(variants::id)
        .limit(cap)
        .load(conn)
}

/// How many variants name `supplier`.
pub fn count_of(conn: &mut DbConnection, supplier: SupplierId) -> QueryResult<i64> {
    variant_suppliers::table
        .filter(variant_suppliers::supplier_id.eq(supplier))
        .count()
        .get_result(conn)
}

/// How many of `picked` name a supplier other than `supplier`.
pub fn naming_another(
    conn: &mut DbConnection,
    supplier: SupplierId,
    picked: &[VariantId],
) -> QueryResult<i64> {
    variant_suppliers::table
        .filter(id_in(variant_suppliers::variant_id, picked))
        .filter(variant_suppliers::supplier_id.ne(supplier))
        .count()
        .get_result(conn)
}
