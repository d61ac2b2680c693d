//! A CSV import as a change set: applying an import records each product it created or
//! updated as an item (the product as it was before), so that undoing the import is reverting
//! the change set — the same pages, job, resume and "edited since" rule as a bulk edit.

use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::commands::{NewChangeSet, insert_change_set};
use super::models::{ChangeSetStatus, IMPORT_OPERATION};
use crate::auth::Actor;
use crate::catalog::domain::ProductStatus;
use crate::catalog::products::{ProductInput, SaveOutcome, save_product_in};
use crate::catalog::search;
use crate::db::schema::{change_set_items, change_sets, products};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ChangeSetId, JobId, ProductId};
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::shop::{Shop, WeightUnit};

/// What an import's item keeps of the product before the import.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportedBefore {
    pub title: String,
    /// None: the import created the product.
    pub input: Option<ProductInput>,
}

/// What an import's item says it did: "created", or the changed columns.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportedAfter {
    pub summary: String,
}

/// Records an import's change set, applying, under the import's job.
pub fn begin_import_set(
    conn: &mut DbConnection,
    actor: &Actor,
    file_name: &str,
    job_id: JobId,
) -> Result<ChangeSetId, AppError> {
    let summary = format!("Import of {file_name}");
    let set = NewChangeSet {
        summary: &summary,
        operation: IMPORT_OPERATION,
        operation_value: "",
        product_ids: &[],
        request_key: None,
    };
    insert_change_set(conn, actor, &set, job_id)
}

/// Records one product the import wrote, in the import's transaction.
pub fn record_imported(
    conn: &mut DbConnection,
    set_id: ChangeSetId,
    product_id: ProductId,
    before: &ImportedBefore,
    after: &ImportedAfter,
) -> Result<(), AppError> {
    let version_after: i64 = products::table
        .find(product_id)
        .select(products::version)
        .first(conn)?;
    diesel::insert_into(change_set_items::table)
        .values((
            change_set_items::change_set_id.eq(set_id),
            change_set_items::product_id.eq(product_id),
            change_set_items::before_json.eq(to_json(before)?),
            change_set_items::after_json.eq(to_json(after)?),
            change_set_items::version_after.eq(version_after),
        ))
        .execute(conn)?;
    diesel::update(change_sets::table.find(set_id))
        .set(change_sets::item_count.eq(change_sets::item_count + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks an import's change set applied, once the import has finished.
pub fn finish_import_set(conn: &mut DbConnection, set_id: ChangeSetId) -> Result<(), AppError> {
    diesel::update(
        change_sets::table
            .find(set_id)
            .filter(change_sets::status.eq(ChangeSetStatus::Applying)),
    )
    .set(change_sets::status.eq(ChangeSetStatus::Applied))
    .execute(conn)?;
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Unexpected(format!("change set item: {e}")))
}

/// What undoing one imported product did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undone {
    /// An updated product has its values from before the import back.
    Restored,
    /// A created product that has been on sale is archived (orders may refer to it).
    Archived,
    /// A created product never on sale: deleted when the revert closes.
    ToDelete,
    /// The old values no longer save (a SKU or handle is now another product's): left as is.
    Refused,
}

/// Undoes one imported product, not edited since (the caller checks the version).
pub fn undo_imported(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: ProductId,
    before: &ImportedBefore,
    (currency, shop): (&Currency, &Shop),
) -> Result<Undone, AppError> {
    let (version, ever_active): (i64, bool) = products::table
        .find(product_id)
        .select((products::version, products::ever_active))
        .first(conn)?;
    let Some(input) = &before.input else {
        if !ever_active {
            return Ok(Undone::ToDelete);
        }
        diesel::update(products::table.find(product_id))
            .set((
                products::status.eq(ProductStatus::Archived),
                products::version.eq(version + 1),
                products::updated_by.eq(&actor.label),
                products::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
        return Ok(Undone::Archived);
    };
    let Ok(mut valid) = input.parse_with(currency, WeightUnit::Grams, false) else {
        return Ok(Undone::Refused);
    };
    valid.version = Some(version);
    Ok(
        match save_product_in(conn, actor, Some(product_id), &valid, currency, shop)? {
            SaveOutcome::Saved(_) => Undone::Restored,
            SaveOutcome::Invalid(_) | SaveOutcome::Stale { .. } => Undone::Refused,
        },
    )
}

/// Deletes the products an undone import created and that never went on sale.
pub fn delete_created(conn: &mut DbConnection, ids: &[ProductId]) -> Result<(), AppError> {
    for id in ids {
        search::remove_product(conn, *id)?;
    }
    for chunk in ids.chunks(500) {
        diesel::delete(products::table.filter(products::id.eq_any(chunk.to_vec())))
            .execute(conn)?;
    }
    Ok(())
}

/// How an import's item reads on the change set's page: (before, after).
pub fn describe_imported(before: &str, after: &str) -> Option<(String, String)> {
    let before: ImportedBefore = serde_json::from_str(before).ok()?;
    let after: ImportedAfter = serde_json::from_str(after).ok()?;
    let before = match before.input {
        None => "Not in the catalog".to_owned(),
        Some(_) => "As before the import".to_owned(),
    };
    Some((before, after.summary))
}
