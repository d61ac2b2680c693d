//! A draft saved whole: its header and every line, on the version the person saw. The checks
//! and the order of writes are the same for every document (transfers and purchase orders;
//! next orders); what a document writes is its own ([`DraftWrite`]).

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::Value;

use super::moves::{current, editable, hold_version};
use super::table::DraftTable;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::domain::problems::{FieldErrors, SaveResult, stale_message};
use crate::error::AppError;
use crate::shop::Shop;

/// What one document writes of a checked draft.
pub trait DraftWrite {
    type Id;
    /// Inserts the header (`existing` none, status draft) or updates it: the document's id.
    fn header(
        &self,
        conn: &mut DbConnection,
        existing: Option<Self::Id>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Self::Id>;
    /// Inserts every line of the document `id`, which has none.
    fn lines(&self, conn: &mut DbConnection, id: Self::Id) -> QueryResult<()>;
    /// What the audit row says the draft holds now.
    fn details(&self) -> Value;
}

/// Creates (`id` none) or changes a draft, in one transaction: a document that is not a draft
/// is a 409 ([`editable`]); one saved by someone else since the person's `version` is
/// [`SaveResult::Stale`]; `check` reads and checks what was posted (problems are
/// [`SaveResult::Invalid`], nothing written); then the header, the lines replaced, and one
/// audit row.
pub fn save_draft<D, W>(
    conn: &mut DbConnection,
    actor: &Actor,
    (id, version): (Option<D::Id>, Option<i64>),
    shop: &Shop,
    mut check: impl FnMut(&mut DbConnection) -> Result<Result<W, FieldErrors>, AppError>,
) -> Result<SaveResult<D::Id>, AppError>
where
    D: DraftTable,
    W: DraftWrite<Id = D::Id>,
{
    db::write(conn, |c| {
        if let Some(id) = id {
            D::admit(c, actor, id, D::DRAFT)?;
            // Before the checks, so a stale copy is answered as stale, not as its problems.
            if editable::<D>(current::<D>(c, id)?, D::DRAFT, version)?.is_err() {
                return stale::<D>(c, id, shop);
            }
        }
        let work = match check(c)? {
            Ok(work) => work,
            Err(errors) => return Ok(SaveResult::Invalid(errors)),
        };
        let now = db::now();
        let saved = match id {
            Some(id) => {
                // The version the person saw, compared and bumped in one conditional update.
                if hold_version::<D>(c, actor, id, D::DRAFT, version)?.is_err() {
                    return stale::<D>(c, id, shop);
                }
                let saved = work.header(c, Some(id), &actor.label, now)?;
                D::delete_lines(c, id)?;
                saved
            }
            None => work.header(c, None, &actor.label, now)?,
        };
        work.lines(c, saved)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: D::ENTITY,
                entity_id: Some(saved.to_string()),
                action: if id.is_some() { D::UPDATED } else { D::CREATED },
                before: None,
                after: Some(work.details()),
            },
        )?;
        Ok(SaveResult::Saved(saved))
    })
}

fn stale<D: DraftTable>(
    conn: &mut DbConnection,
    id: D::Id,
    shop: &Shop,
) -> Result<SaveResult<D::Id>, AppError> {
    let (by, at) = D::last_change(conn, id)?;
    Ok(SaveResult::Stale(stale_message(
        D::NOUN,
        &by,
        &shop.time(&at),
    )))
}

/// [`DraftWrite::header`] for a document table with `id`, `status`, `created_at`, `updated_by`
/// and `updated_at` columns: inserts a draft (`existing` none) or updates the header, whose
/// version `save_draft` has already moved on. `values` are the document's own columns.
#[macro_export]
macro_rules! write_draft_header {
    ($conn:expr, $table:ident, $existing:expr, ($by:expr, $at:expr), $draft:expr, $values:expr) => {{
        let values = (
            $values,
            $table::updated_by.eq($by),
            $table::updated_at.eq($at),
        );
        match $existing {
            Some(id) => diesel::update($table::table.find(id))
                .set(values)
                .execute($conn)
                .map(|_| id),
            None => diesel::insert_into($table::table)
                .values((
                    values,
                    $table::status.eq($draft),
                    $table::created_at.eq($at),
                ))
                .returning($table::id)
                .get_result($conn),
        }
    }};
}
