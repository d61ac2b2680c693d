//! A simple record saved whole (a location, a supplier, a category; next a customer): the
//! checks and the order of writes are the same for every record, what it writes is its own
//! ([`RecordWrite`]). The twin of `documents::save_draft` for records without lines.
//!
//! The order, in one transaction: the record loaded (404 when gone); a version other than the
//! one the person saw is [`SaveResult::Stale`], before the record's own checks; the checks
//! (problems are [`SaveResult::Invalid`], nothing written); nothing changed is saved without a
//! write, an audit row or a new version; otherwise the insert, or an update conditional on the
//! version seen (so of two saves racing on PostgreSQL one is stale, not lost), and one audit
//! row naming the fields that changed.

use std::fmt::Display;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::Value;

use crate::audit::{self, Entry, changed_fields};
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::domain::problems::{FieldErrors, SaveResult, Versioned};
use crate::error::AppError;
use crate::shop::Shop;

/// A table of simple records.
pub trait RecordTable {
    type Id: Copy + Display;
    type Stored: Versioned;
    /// The record in words, for the stale message and the audit row: `"supplier"`.
    const NOUN: &'static str;
    /// The audit actions of a creation and of a change: `"inventory.supplier_created"`, …
    const ACTIONS: (&'static str, &'static str);
    fn find(conn: &mut DbConnection, id: Self::Id) -> QueryResult<Option<Self::Stored>>;
    fn id_of(stored: &Self::Stored) -> Self::Id;
    /// The fields the audit log compares, as stored.
    fn audited(stored: &Self::Stored) -> Value;
}

/// What one record writes of its checked changes.
pub trait RecordWrite<T: RecordTable> {
    /// The fields the audit log compares, as they will be stored (the same keys as
    /// [`RecordTable::audited`]).
    fn audited(&self) -> Value;
    /// Inserts the record (`existing` none, at version 1), or updates the record `id` where
    /// its version is still `seen`, to `seen + 1`: the id saved, none when someone saved it
    /// first. [`write_record!`](crate::write_record) writes it for a table.
    fn write(
        &self,
        conn: &mut DbConnection,
        existing: Option<(T::Id, i64)>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Option<T::Id>>;
    /// What a new record brings with it (a location's stock levels), in the same transaction.
    fn created(
        &self,
        _conn: &mut DbConnection,
        _actor: &Actor,
        _id: T::Id,
    ) -> Result<(), AppError> {
        Ok(())
    }
}

/// Creates (`id` none) or changes a record on the `version` the person saw; `check` reads and
/// checks what was posted, knowing the stored record.
pub fn save_record<T, W>(
    conn: &mut DbConnection,
    actor: &Actor,
    (id, version): (Option<T::Id>, Option<i64>),
    shop: &Shop,
    mut check: impl FnMut(
        &mut DbConnection,
        Option<&T::Stored>,
    ) -> Result<Result<W, FieldErrors>, AppError>,
) -> Result<SaveResult<T::Id>, AppError>
where
    T: RecordTable,
    W: RecordWrite<T>,
{
    db::write(conn, |c| {
        let existing = db::existing(c, id, T::find)?;
        if let Some(stale) = shop.stale_edit(T::NOUN, existing.as_ref(), version) {
            return Ok(SaveResult::Stale(stale));
        }
        let work = match check(c, existing.as_ref())? {
            Ok(work) => work,
            Err(errors) => return Ok(SaveResult::Invalid(errors)),
        };
        let now = db::now();
        let after = work.audited();
        let (saved, action, before, after) = match &existing {
            Some(current) => {
                let id = T::id_of(current);
                let Some((before, after)) = changed_fields(&T::audited(current), &after) else {
                    return Ok(SaveResult::Saved(id));
                };
                let seen = Some((id, current.version()));
                if work.write(c, seen, &actor.label, now)?.is_none() {
                    // Saved by someone else between the read and this write.
                    let stored = T::find(c, id)?.ok_or(AppError::NotFound)?;
                    let stale = shop.stale_edit(T::NOUN, Some(&stored), Some(current.version()));
                    return Ok(SaveResult::Stale(stale.unwrap_or_default()));
                }
                (id, T::ACTIONS.1, Some(before), after)
            }
            None => {
                let id = work
                    .write(c, None, &actor.label, now)?
                    .ok_or(diesel::result::Error::NotFound)?;
                work.created(c, actor, id)?;
                (id, T::ACTIONS.0, None, after)
            }
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: T::NOUN,
                entity_id: Some(saved.to_string()),
                action,
                before,
                after: Some(after),
            },
        )?;
        Ok(SaveResult::Saved(saved))
    })
}

/// Declares a marker for a table of records and its [`RecordTable`]: its id and stored types,
/// its area and noun (the audit actions are `area.noun_created` and `area.noun_updated`), its
/// reader, and the fields the audit log compares, as JSON.
///
/// `crate::record_table!(Suppliers: Supplier, SupplierId, "inventory" "supplier",
/// queries::find, |s| json!({ "name": s.name }));`
#[macro_export]
macro_rules! record_table {
    ($marker:ident: $stored:ty, $id:ty, $area:literal $noun:literal, $find:path,
     |$s:ident| $audited:expr) => {
        /// The table, saved through [`records::save_record`]($crate::records::save_record).
        struct $marker;

        impl $crate::records::RecordTable for $marker {
            type Id = $id;
            type Stored = $stored;
            const NOUN: &'static str = $noun;
            const ACTIONS: (&'static str, &'static str) = (
                concat!($area, ".", $noun, "_created"),
                concat!($area, ".", $noun, "_updated"),
            );

            fn find(
                conn: &mut $crate::db::DbConnection,
                id: $id,
            ) -> diesel::QueryResult<Option<$stored>> {
                $find(conn, id)
            }

            fn id_of(stored: &$stored) -> $id {
                stored.id
            }

            fn audited($s: &$stored) -> serde_json::Value {
                $audited
            }
        }
    };
}

/// [`RecordWrite::write`] for a table with `id`, `version`, `created_at`, `updated_by` and
/// `updated_at` columns: `values` are the record's own columns.
#[macro_export]
macro_rules! write_record {
    ($conn:expr, $table:ident, $existing:expr, ($by:expr, $at:expr), $values:expr) => {{
        let values = (
            $values,
            $table::updated_by.eq($by),
            $table::updated_at.eq($at),
        );
        match $existing {
            Some((id, seen)) => {
                diesel::update($table::table.find(id).filter($table::version.eq(seen)))
                    .set((values, $table::version.eq(seen + 1)))
                    .execute($conn)
                    .map(|rows| (rows > 0).then_some(id))
            }
            None => diesel::insert_into($table::table)
                .values((values, $table::created_at.eq($at)))
                .returning($table::id)
                .get_result($conn)
                .map(Some),
        }
    }};
}
