//! Bulk edit writes: recording a change set, applying it and reverting it — each a chunked,
//! resumable job ([`ChunkedRun`]) whose chunks commit their writes and their count together —
//! and the one writer of the fields a bulk edit changes.

use diesel::prelude::*;
use serde_json::json;

use super::models::ChangeSetStatus;
use super::operation::{Fields, Operation};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::products::refresh_derived;
use crate::db::schema::{change_set_items, change_sets, products, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ChangeSetId, JobId, ProductId};
use crate::domain::money::Currency;
use crate::domain::words::count;
use crate::error::AppError;
use crate::jobs::{self, ChunkedRun};

/// Products written per transaction (see the import's chunk for the trade-off).
const CHUNK: usize = 200;

pub const APPLY_KIND: &str = "catalog.bulk_edit";
pub const REVERT_KIND: &str = "catalog.bulk_revert";

/// Writes `fields` to a product and bumps its version; returns the new version.
pub fn write_fields(
    conn: &mut DbConnection,
    product_id: ProductId,
    fields: &Fields,
    actor: &Actor,
) -> Result<i64, AppError> {
    let now = db::now();
    for variant in &fields.prices {
        let target = variants::table
            .filter(variants::id.eq(variant.id))
            .filter(variants::product_id.eq(product_id));
        if variant.complete {
            diesel::update(target)
                .set((
                    variants::price.eq(variant.price),
                    variants::compare_at_price.eq(variant.compare_at),
                    variants::cost.eq(variant.cost),
                    variants::updated_at.eq(now),
                ))
                .execute(conn)?;
        } else {
            diesel::update(target)
                .set((
                    variants::price.eq(variant.price),
                    variants::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
    }
    let version: i64 = products::table
        .find(product_id)
        .select(products::version)
        .first(conn)?;
    diesel::update(products::table.find(product_id))
        .set((
            products::status.eq(&fields.status),
            products::tags.eq(&fields.tags),
            products::category_id.eq(fields.category_id),
            products::vendor.eq(&fields.vendor),
            products::version.eq(version + 1),
            products::updated_by.eq(&actor.label),
            products::updated_at.eq(now),
        ))
        .execute(conn)?;
    refresh_derived(conn, product_id)?;
    Ok(version + 1)
}

/// Moves a change set to `next`, refusing a move its state does not allow.
pub(super) fn set_status(
    conn: &mut DbConnection,
    set_id: ChangeSetId,
    from: ChangeSetStatus,
    next: ChangeSetStatus,
) -> Result<(), AppError> {
    if !from.can_become(next) {
        return Err(AppError::Conflict(format!(
            "This change set is {}; it cannot become {}.",
            from.as_str(),
            next.as_str()
        )));
    }
    // Conditional on the status read: a second request racing this one changes nothing.
    let changed = diesel::update(
        change_sets::table
            .find(set_id)
            .filter(change_sets::status.eq(from)),
    )
    .set(change_sets::status.eq(next))
    .execute(conn)?;
    if changed == 0 {
        return Err(AppError::Conflict(
            "This change set was changed a moment ago by another request: nothing more was done."
                .into(),
        ));
    }
    Ok(())
}

/// What a new change set records.
pub struct NewChangeSet<'a> {
    pub summary: &'a str,
    pub operation: &'a str,
    pub operation_value: &'a str,
    pub product_ids: &'a [ProductId],
    /// The one-time key of the form that asked for it, if it carried one.
    pub request_key: Option<&'a str>,
}

/// What recording a change set came to.
pub enum Recorded {
    /// Recorded now, applying under its new job.
    New(ChangeSetId, JobId),
    /// The same form was posted before (a double click): the change set it recorded then.
    Again(ChangeSetId),
}

/// Records a change set, applying, with its job, once per form: a form posted again with the
/// same one-time key gets the change set it recorded before. The key's unique index decides
/// between requests arriving at once (on PostgreSQL the second insert waits for the first and
/// fails; its savepoint rolls back and the first one's set is read).
pub fn record_change_set(
    conn: &mut DbConnection,
    actor: &Actor,
    set: &NewChangeSet<'_>,
) -> Result<Recorded, AppError> {
    let recorded_by_key = |c: &mut DbConnection| -> Result<Option<ChangeSetId>, AppError> {
        let Some(key) = set.request_key else {
            return Ok(None);
        };
        Ok(change_sets::table
            .filter(change_sets::request_key.eq(key))
            .select(change_sets::id)
            .first(c)
            .optional()?)
    };
    db::write(conn, |c| {
        if let Some(earlier) = recorded_by_key(c)? {
            return Ok(Recorded::Again(earlier));
        }
        let inserted = c.transaction::<_, AppError, _>(|c| {
            let job_id = jobs::create(c, APPLY_KIND, set.product_ids.len() as i64, actor.staff_id)?;
            Ok((insert_change_set(c, actor, set, job_id)?, job_id))
        });
        match inserted {
            Ok((set_id, job_id)) => Ok(Recorded::New(set_id, job_id)),
            Err(AppError::Conflict(_)) => match recorded_by_key(c)? {
                Some(earlier) => Ok(Recorded::Again(earlier)),
                None => Err(AppError::Conflict(
                    "This edit was just recorded by another request. Reload and try again.".into(),
                )),
            },
            Err(other) => Err(other),
        }
    })
}

/// The change set's row, applying under `job_id` (a bulk edit's or an import's).
pub(super) fn insert_change_set(
    c: &mut DbConnection,
    actor: &Actor,
    set: &NewChangeSet<'_>,
    job_id: JobId,
) -> Result<ChangeSetId, AppError> {
    let product_ids = set
        .product_ids
        .iter()
        .map(ProductId::to_string)
        .collect::<Vec<_>>()
        .join(",");
    Ok(diesel::insert_into(change_sets::table)
        .values((
            change_sets::summary.eq(set.summary),
            change_sets::operation.eq(set.operation),
            change_sets::operation_value.eq(set.operation_value),
            change_sets::product_ids.eq(&product_ids),
            change_sets::staff_id.eq(actor.staff_id),
            change_sets::actor.eq(&actor.label),
            change_sets::item_count.eq(0_i64),
            change_sets::status.eq(ChangeSetStatus::Applying),
            change_sets::job_id.eq(job_id),
            change_sets::request_key.eq(set.request_key),
            change_sets::created_at.eq(db::now()),
        ))
        .returning(change_sets::id)
        .get_result(c)?)
}

/// Marks an applied change set as reverting, with a new job; returns the job id.
pub fn begin_revert(
    conn: &mut DbConnection,
    actor: &Actor,
    set_id: ChangeSetId,
) -> Result<JobId, AppError> {
    db::write(conn, |c| {
        let set = queries::find_set(c, set_id)?;
        match set.status {
            ChangeSetStatus::Applied => {}
            ChangeSetStatus::Reverted | ChangeSetStatus::Reverting => {
                return Err(AppError::Conflict(
                    "This change set was reverted already.".into(),
                ));
            }
            ChangeSetStatus::Applying => {
                return Err(AppError::Conflict(
                    "This change set is still being applied; revert it once it has finished."
                        .into(),
                ));
            }
        }
        let items = queries::item_count(c, set_id)?;
        let job_id = jobs::create(c, REVERT_KIND, items, actor.staff_id)?;
        set_status(c, set_id, set.status, ChangeSetStatus::Reverting)?;
        diesel::update(change_sets::table.find(set_id))
            .set(change_sets::job_id.eq(job_id))
            .execute(c)?;
        Ok(job_id)
    })
}

fn to_json(fields: &Fields) -> Result<String, AppError> {
    serde_json::to_string(fields).map_err(|e| AppError::Unexpected(format!("change set item: {e}")))
}

/// Applies a change set through the products chosen when it was recorded, in order.
pub struct ApplyRun {
    pub set_id: ChangeSetId,
    pub operation: Operation,
    pub actor: Actor,
    pub currency: Currency,
    /// How many products were chosen (for the closing audit row).
    chosen: i64,
}

impl ApplyRun {
    pub fn new(
        set_id: ChangeSetId,
        operation: Operation,
        actor: Actor,
        currency: Currency,
    ) -> ApplyRun {
        ApplyRun {
            set_id,
            operation,
            actor,
            currency,
            chosen: 0,
        }
    }
}

impl ChunkedRun for ApplyRun {
    type Item = ProductId;
    const CHUNK: usize = CHUNK;

    fn remaining(
        &mut self,
        conn: &mut DbConnection,
        done: i64,
    ) -> Result<Vec<ProductId>, AppError> {
        let ids = queries::chosen_products(conn, self.set_id)?;
        self.chosen = ids.len() as i64;
        Ok(ids
            .get(usize::try_from(done).unwrap_or(0)..)
            .unwrap_or(&[])
            .to_vec())
    }

    fn write_chunk(&mut self, c: &mut DbConnection, chunk: &[ProductId]) -> Result<(), AppError> {
        // Planned inside the transaction: the values written are the ones just read.
        let changes = queries::plan(c, chunk, &self.operation, &self.currency)?;
        let mut written = 0_i64;
        for change in changes.iter().filter(|change| change.changes_anything()) {
            let Ok(after) = &change.after else { continue };
            let version_after = write_fields(c, change.product_id, after, &self.actor)?;
            diesel::insert_into(change_set_items::table)
                .values((
                    change_set_items::change_set_id.eq(self.set_id),
                    change_set_items::product_id.eq(change.product_id),
                    change_set_items::before_json.eq(to_json(&change.before)?),
                    change_set_items::after_json.eq(to_json(after)?),
                    change_set_items::version_after.eq(version_after),
                ))
                .execute(c)?;
            written += 1;
        }
        diesel::update(change_sets::table.find(self.set_id))
            .set(change_sets::item_count.eq(change_sets::item_count + written))
            .execute(c)?;
        Ok(())
    }

    fn close(&mut self, c: &mut DbConnection) -> Result<String, AppError> {
        let set = queries::find_set(c, self.set_id)?;
        set_status(c, self.set_id, set.status, ChangeSetStatus::Applied)?;
        let (summary, changed) = (set.summary, set.item_count);
        audit::record(
            c,
            &self.actor,
            Entry {
                entity_type: "change_set",
                entity_id: Some(self.set_id.to_string()),
                action: "catalog.bulk_edit_applied",
                before: None,
                after: Some(json!({
                    "summary": summary,
                    "products": changed,
                    "skipped": self.chosen - changed,
                })),
            },
        )?;
        Ok(format!(
            "{summary}: {} changed. You can revert this change set here.",
            count(changed, "product", "products")
        ))
    }
}
