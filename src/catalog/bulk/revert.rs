//! Reverting a change set: a chunked, resumable job over its items. A bulk edit's products
//! get their fields from before back; an import's are undone (see [`super::imported`]).

use diesel::prelude::*;
use serde_json::json;

use super::commands::{set_status, write_fields};
use super::imported::{ImportedBefore, Undone, delete_created, undo_imported};
use super::models::ChangeSetStatus;
use super::operation::Fields;
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{change_set_items, change_sets, products};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ChangeSetId, ProductId};
use crate::domain::money::Currency;
use crate::domain::words::count;
use crate::error::AppError;
use crate::jobs::ChunkedRun;
use crate::shop::Shop;

/// Products reverted per transaction.
const CHUNK: usize = 200;

/// Deletes the products an undone import created that never went on sale (their items go
/// with them); returns how many. Done once, at the end, so that the revert's item count stays
/// a true position while it runs.
fn delete_undone_creations(c: &mut DbConnection, set_id: ChangeSetId) -> Result<usize, AppError> {
    let undone: Vec<(ProductId, String)> = change_set_items::table
        .inner_join(products::table)
        .filter(change_set_items::change_set_id.eq(set_id))
        .filter(change_set_items::reverted.eq(true))
        .filter(products::ever_active.eq(false))
        .select((change_set_items::product_id, change_set_items::before_json))
        .load(c)?;
    let created: Vec<ProductId> = undone
        .into_iter()
        .filter(|(_, before)| {
            serde_json::from_str::<ImportedBefore>(before).is_ok_and(|b| b.input.is_none())
        })
        .map(|(id, _)| id)
        .collect();
    delete_created(c, &created)?;
    Ok(created.len())
}

/// Reverts a change set's items, in item order: each product not edited since gets its
/// values from before the change back. An import's items are undone instead: updated products
/// restored, created ones deleted (or archived, once on sale).
pub struct RevertRun {
    pub set_id: ChangeSetId,
    pub actor: Actor,
    pub currency: Currency,
    pub shop: Shop,
}

impl ChunkedRun for RevertRun {
    /// (item id, product id, fields before, the product's version after the change)
    type Item = (i64, ProductId, String, i64);
    const CHUNK: usize = CHUNK;

    fn remaining(&mut self, c: &mut DbConnection, done: i64) -> Result<Vec<Self::Item>, AppError> {
        Ok(change_set_items::table
            .filter(change_set_items::change_set_id.eq(self.set_id))
            .order(change_set_items::id.asc())
            // Every item left; an OFFSET needs a LIMIT on SQLite.
            .limit(i64::MAX)
            .offset(done)
            .select((
                change_set_items::id,
                change_set_items::product_id,
                change_set_items::before_json,
                change_set_items::version_after,
            ))
            .load(c)?)
    }

    fn write_chunk(&mut self, c: &mut DbConnection, items: &[Self::Item]) -> Result<(), AppError> {
        for (item_id, product_id, before, version_after) in items {
            let version: Option<i64> = products::table
                .find(product_id)
                .select(products::version)
                .first(c)
                .optional()?;
            // Gone, or edited after this change: left as it is, and reported at the end.
            if version != Some(*version_after) {
                continue;
            }
            let reverted = match serde_json::from_str::<ImportedBefore>(before) {
                Ok(imported) => {
                    let context = (&self.currency, &self.shop);
                    undo_imported(c, &self.actor, *product_id, &imported, context)?
                        != Undone::Refused
                }
                Err(_) => {
                    let before: Fields = serde_json::from_str(before)
                        .map_err(|e| AppError::Unexpected(format!("change set item: {e}")))?;
                    write_fields(c, *product_id, &before, &self.actor)?;
                    true
                }
            };
            if reverted {
                diesel::update(change_set_items::table.find(item_id))
                    .set(change_set_items::reverted.eq(true))
                    .execute(c)?;
            }
        }
        Ok(())
    }

    fn close(&mut self, c: &mut DbConnection) -> Result<String, AppError> {
        let set_id = self.set_id;
        let deleted = delete_undone_creations(c, set_id)?;
        let restored: i64 = change_set_items::table
            .filter(change_set_items::change_set_id.eq(set_id))
            .filter(change_set_items::reverted.eq(true))
            .count()
            .get_result(c)?;
        let skipped: Vec<String> = change_set_items::table
            .inner_join(products::table)
            .filter(change_set_items::change_set_id.eq(set_id))
            .filter(change_set_items::reverted.eq(false))
            .order(change_set_items::id.asc())
            .select(products::title)
            .load(c)?;
        let set = queries::find_set(c, set_id)?;
        set_status(c, set_id, set.status, ChangeSetStatus::Reverted)?;
        diesel::update(change_sets::table.find(set_id))
            .set((
                change_sets::reverted_at.eq(db::now()),
                change_sets::reverted_by.eq(&self.actor.label),
            ))
            .execute(c)?;
        audit::record(
            c,
            &self.actor,
            Entry {
                entity_type: "change_set",
                entity_id: Some(set_id.to_string()),
                action: "catalog.bulk_edit_reverted",
                before: None,
                after: Some(json!({ "restored": restored, "skipped_edited_since": skipped })),
            },
        )?;
        let mut message = format!("Reverted {}.", count(restored, "product", "products"));
        if deleted > 0 {
            message.push_str(&format!(
                " {} the import had created {} deleted.",
                count(deleted as i64, "product", "products"),
                if deleted == 1 { "was" } else { "were" }
            ));
        }
        if !skipped.is_empty() {
            message.push_str(&format!(
                " {} edited after this change and left as {}: {}{}.",
                count(skipped.len() as i64, "product was", "products were"),
                if skipped.len() == 1 {
                    "it was"
                } else {
                    "they were"
                },
                skipped
                    .iter()
                    .take(10)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
                if skipped.len() > 10 { ", …" } else { "" }
            ));
        }
        Ok(message)
    }
}
