//! Bulk edit reads: the selection, each product's current fields and planned change, and the
//! change sets with their items.

use std::collections::HashMap;

use diesel::prelude::*;

use super::forms::{BulkForm, MAX_PRODUCTS};
use super::models::{Change, ChangeSetRow};
use super::operation::{Fields, Operation};
use super::pricing::VariantPrices;
use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::Facets;
use crate::catalog::filter::{ListParams, ProductFilter};
use crate::catalog::products::matching_ids;
use crate::db::DbConnection;
use crate::db::schema::{change_set_items, change_sets, products, variants};
use crate::domain::ids::{CategoryId, ChangeSetId, ProductId, VariantId};
use crate::domain::money::Currency;
use crate::error::AppError;

/// The products a bulk edit works on: the ticked ones, or every product matching the list's
/// filter (at most [`MAX_PRODUCTS`]).
pub fn selection(
    conn: &mut DbConnection,
    form: &BulkForm,
    facets: &Facets,
) -> Result<Vec<ProductId>, AppError> {
    if form.scope == "all" {
        let params: ListParams = serde_urlencoded::from_str(&form.filter).unwrap_or_default();
        let filter = ProductFilter::from_params(&params, facets);
        let ids = matching_ids(conn, &filter, MAX_PRODUCTS + 1)?;
        if ids.len() as i64 > MAX_PRODUCTS {
            return Err(AppError::Validation(format!(
                "A bulk edit can change at most {MAX_PRODUCTS} products. Narrow the filter."
            )));
        }
        Ok(ids)
    } else {
        let mut ids: Vec<ProductId> = form
            .ids
            .iter()
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.truncate(MAX_PRODUCTS as usize);
        Ok(ids)
    }
}

/// id, title, version, status, tags, category, vendor.
type ProductFieldsRow = (
    ProductId,
    String,
    i64,
    ProductStatus,
    String,
    Option<CategoryId>,
    String,
);

/// product, variant, SKU, option values, price, compare-at price, cost.
type VariantAmountsRow = (
    ProductId,
    VariantId,
    String,
    (Option<String>, Option<String>, Option<String>),
    i64,
    Option<i64>,
    Option<i64>,
);

/// A variant as a merchant tells it apart: "Blue / M", else its SKU.
fn variant_label(
    sku: &str,
    (one, two, three): (Option<String>, Option<String>, Option<String>),
) -> String {
    let options: Vec<String> = [one, two, three].into_iter().flatten().collect();
    if options.is_empty() {
        sku.to_owned()
    } else {
        options.join(" / ")
    }
}

/// The current fields of these products.
fn current_fields(
    conn: &mut DbConnection,
    ids: &[ProductId],
) -> QueryResult<Vec<(ProductId, String, i64, Fields)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<ProductFieldsRow> = products::table
            .filter(products::id.eq_any(chunk.to_vec()))
            .order(products::id.asc())
            .select((
                products::id,
                products::title,
                products::version,
                products::status,
                products::tags,
                products::category_id,
                products::vendor,
            ))
            .load(conn)?;
        let amounts: Vec<VariantAmountsRow> = variants::table
            .filter(variants::product_id.eq_any(chunk.to_vec()))
            .order((
                variants::product_id.asc(),
                variants::position.asc(),
                variants::id.asc(),
            ))
            .select((
                variants::product_id,
                variants::id,
                variants::sku,
                (variants::option1, variants::option2, variants::option3),
                variants::price,
                variants::compare_at_price,
                variants::cost,
            ))
            .load(conn)?;
        let mut by_product: HashMap<ProductId, Vec<VariantPrices>> = HashMap::new();
        for (product, id, sku, options, price, compare_at, cost) in amounts {
            by_product.entry(product).or_default().push(VariantPrices {
                id,
                label: variant_label(&sku, options),
                price,
                compare_at,
                cost,
                complete: true,
            });
        }
        for (id, title, version, status, tags, category_id, vendor) in rows {
            let prices = by_product.remove(&id).unwrap_or_default();
            out.push((
                id,
                title,
                version,
                Fields {
                    status,
                    tags,
                    category_id,
                    vendor,
                    prices,
                },
            ));
        }
    }
    Ok(out)
}

/// Each product's change under `operation`, computed from its current fields.
pub fn plan(
    conn: &mut DbConnection,
    ids: &[ProductId],
    operation: &Operation,
    currency: &Currency,
) -> QueryResult<Vec<Change>> {
    Ok(current_fields(conn, ids)?
        .into_iter()
        .map(|(product_id, title, _version, before)| {
            let after = operation.apply(&before, currency);
            Change {
                product_id,
                title,
                before,
                after,
            }
        })
        .collect())
}

pub fn find_set(conn: &mut DbConnection, id: ChangeSetId) -> Result<ChangeSetRow, AppError> {
    let set = change_sets::table
        .find(id)
        .select(ChangeSetRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    Ok(with_names(conn, vec![set])?.remove(0))
}

/// People by name: each set's `actor` becomes the account's name while the account exists.
fn with_names(
    conn: &mut DbConnection,
    mut sets: Vec<ChangeSetRow>,
) -> QueryResult<Vec<ChangeSetRow>> {
    let names = crate::audit::people_named(conn, sets.iter().filter_map(|s| s.staff_id))?;
    for set in &mut sets {
        if let Some(name) = set.staff_id.and_then(|id| names.get(&id)) {
            set.actor = name.clone();
        }
    }
    Ok(sets)
}

/// The newest change sets.
pub fn recent_sets(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<ChangeSetRow>> {
    let sets = change_sets::table
        .order(change_sets::id.desc())
        .limit(limit)
        .select(ChangeSetRow::as_select())
        .load(conn)?;
    with_names(conn, sets)
}

/// The products chosen when the change set was recorded, in order.
pub fn chosen_products(
    conn: &mut DbConnection,
    set_id: ChangeSetId,
) -> QueryResult<Vec<ProductId>> {
    let ids: String = change_sets::table
        .find(set_id)
        .select(change_sets::product_ids)
        .first(conn)?;
    Ok(ids.split(',').filter_map(|id| id.parse().ok()).collect())
}

/// The operation a change set was recorded with: (name, value), as the form sent them.
pub fn recorded_operation(
    conn: &mut DbConnection,
    set_id: ChangeSetId,
) -> QueryResult<(String, String)> {
    change_sets::table
        .find(set_id)
        .select((change_sets::operation, change_sets::operation_value))
        .first(conn)
}

/// A change set's item as the page shows it: product id, before, after, the version the change
/// left, the product's title and its version now.
pub type ItemRow = (ProductId, String, String, i64, String, i64, bool);

/// The first 1,000 items of a change set, in order.
pub fn items_of(conn: &mut DbConnection, set_id: ChangeSetId) -> QueryResult<Vec<ItemRow>> {
    change_set_items::table
        .inner_join(products::table)
        .filter(change_set_items::change_set_id.eq(set_id))
        .order(change_set_items::id.asc())
        .limit(1000)
        .select((
            change_set_items::product_id,
            change_set_items::before_json,
            change_set_items::after_json,
            change_set_items::version_after,
            products::title,
            products::version,
            change_set_items::reverted,
        ))
        .load(conn)
}

pub fn item_count(conn: &mut DbConnection, set_id: ChangeSetId) -> QueryResult<i64> {
    change_set_items::table
        .filter(change_set_items::change_set_id.eq(set_id))
        .count()
        .get_result(conn)
}
