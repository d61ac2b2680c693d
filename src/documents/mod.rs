//! Documents with lines (transfers, purchase orders, stocktakes; next orders, fulfilments,
//! returns and refunds): the one way a document's status changes.
//!
//! A status change is one conditional `UPDATE … WHERE id = ? AND status = ? AND version = ?`
//! in the caller's transaction. Zero rows means another request changed the document first:
//! the answer is a 409 worded from the transition table, never a second move. On PostgreSQL
//! (read committed) the UPDATE also takes the row lock, so a concurrent request waits, then
//! finds the status moved on; on SQLite the IMMEDIATE transaction already serialises writers.
//! Everything the move writes (stock, lines, the audit row) comes after the claim, so it is
//! written once, by the request that won it.
//!
//! This module names no area: an area describes its table with [`document_table!`] and its
//! status with [`Lifecycle`]. Lines pasted as text ("TEE-M 4") are read by [`parse_pasted`].

mod lines;

pub use lines::{MAX_LINES, PasteRules, Pasted, PastedLine, Repeats, lines_text, parse_pasted};

use std::fmt::Display;

use chrono::NaiveDateTime;
use diesel::QueryResult;
use serde_json::{Value, json};

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// A document's status: its moves as data.
pub trait Lifecycle: Copy + Eq + 'static {
    /// Whether a document in this status may move to `next`.
    fn can_become(self, next: Self) -> bool;
    /// The name shown to people ("Sent").
    fn label(self) -> &'static str;
    /// The move to this status in words, for refusals: "sent", "received or closed".
    fn verb(self) -> &'static str;
}

/// Where a document stands: its status and the version its last change left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State<S> {
    pub status: S,
    pub version: i64,
}

/// A table of documents: every row has `id`, `status`, `version`, `updated_by` and
/// `updated_at`. Implemented by [`document_table!`].
pub trait DocumentTable {
    type Id: Copy + Display + Send + 'static;
    type Status: Lifecycle;
    /// What one is called in sentences ("purchase order").
    const NOUN: &'static str;
    /// The audit log's entity type ("purchase_order").
    const ENTITY: &'static str;

    fn state(conn: &mut DbConnection, id: Self::Id) -> QueryResult<Option<State<Self::Status>>>;

    /// Moves the row from `seen` to `to` (bumping the version) only if it is still at `seen`:
    /// the rows changed, 0 or 1.
    fn swap(
        conn: &mut DbConnection,
        id: Self::Id,
        seen: State<Self::Status>,
        to: Self::Status,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize>;

    /// Marks the row as changed by `by` only if it is in `status` (its version stays): the
    /// rows changed, 0 or 1.
    fn touch(
        conn: &mut DbConnection,
        id: Self::Id,
        status: Self::Status,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<usize>;
}

/// Takes a document that must stay in `status` while lines are added to it (a count being
/// scanned from two devices): one conditional update that takes the row lock without moving
/// the version, so concurrent line work goes on side by side, but none slips in after the
/// document moved on (a count posted meanwhile is a 409).
pub fn lock_in<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    status: D::Status,
) -> Result<(), AppError> {
    if D::touch(conn, id, status, &actor.label, db::now())? == 1 {
        return Ok(());
    }
    let now = current::<D>(conn, id)?;
    Err(AppError::Conflict(format!(
        "This {} is {}: it can no longer be changed.",
        D::NOUN,
        now.status.label().to_lowercase()
    )))
}

/// A document this transaction holds: it won the conditional update, so no other request can
/// change the document until this transaction ends.
#[derive(Debug, Clone, Copy)]
pub struct Claim<S> {
    /// The status it had before the claim.
    pub from: S,
    /// The status it has now.
    pub status: S,
}

/// Moves a document to `to`, in the caller's transaction: one conditional update. A document
/// that may not move there now, or that another request moved first, is a 409.
pub fn claim<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    to: D::Status,
) -> Result<Claim<D::Status>, AppError> {
    let seen = current::<D>(conn, id)?;
    may_become::<D>(id, seen.status, to)?;
    take::<D>(conn, actor, id, seen, to)
}

/// Where a document stands now, read before work that decides its move (a receipt): what the
/// work reads after this is current as long as [`hold`] then succeeds, since every change to a
/// document or its lines bumps its version.
pub fn current<D: DocumentTable>(
    conn: &mut DbConnection,
    id: D::Id,
) -> Result<State<D::Status>, AppError> {
    D::state(conn, id)?.ok_or(AppError::NotFound)
}

/// A 409 worded from the transition table unless a document in `status` may move to `next`.
pub fn may_become<D: DocumentTable>(
    id: D::Id,
    status: D::Status,
    next: D::Status,
) -> Result<(), AppError> {
    if status.can_become(next) {
        Ok(())
    } else {
        Err(refusal::<D>(id, status, next))
    }
}

/// Before answering from what was read since [`current`] without writing (a receipt refused
/// for its figures): a 409 if the document changed meanwhile, since then those figures may
/// have been read after another request's change, and the refusal would name the wrong cause.
pub fn unchanged<D: DocumentTable>(
    conn: &mut DbConnection,
    id: D::Id,
    seen: State<D::Status>,
) -> Result<(), AppError> {
    match D::state(conn, id)? {
        Some(now) if now == seen => Ok(()),
        now => Err(moved_on::<D>(now, seen)),
    }
}

/// The 409 for a document another request changed first.
fn moved_on<D: DocumentTable>(now: Option<State<D::Status>>, seen: State<D::Status>) -> AppError {
    match now {
        None => AppError::NotFound,
        Some(now) if now.status != seen.status => AppError::Conflict(format!(
            "This {} was {} a moment ago by another request (it is {} now): nothing more was \
             done.",
            D::NOUN,
            now.status.verb(),
            now.status.label().to_lowercase()
        )),
        Some(_) => AppError::Conflict(format!(
            "This {} was changed a moment ago by another request: nothing was done. Reload it \
             and try again.",
            D::NOUN
        )),
    }
}

/// Takes a document, as `seen`, for work in its current status that may end in `next` (a
/// receipt that may complete it): the same conditional update, keeping the status; [`settle`]
/// sets the status the work arrives at.
pub fn hold<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    seen: State<D::Status>,
    next: D::Status,
) -> Result<Claim<D::Status>, AppError> {
    may_become::<D>(id, seen.status, next)?;
    take::<D>(conn, actor, id, seen, seen.status)
}

/// Takes a document for an edit made on the version the person saw: a different version is
/// [`Stale`], a status that may not be edited a 409.
pub fn hold_version<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    editable: D::Status,
    version: Option<i64>,
) -> Result<Result<Claim<D::Status>, Stale>, AppError> {
    let seen = D::state(conn, id)?.ok_or(AppError::NotFound)?;
    if seen.status != editable {
        return Err(AppError::Conflict(format!(
            "This {} is {} now: only a {} one can be changed.",
            D::NOUN,
            seen.status.label().to_lowercase(),
            editable.label().to_lowercase()
        )));
    }
    if version != Some(seen.version) {
        return Ok(Err(Stale));
    }
    take::<D>(conn, actor, id, seen, editable).map(Ok)
}

/// The person's copy was older than the document's: someone saved it in between.
#[derive(Debug, Clone, Copy)]
pub struct Stale;

/// Sets the status of a document this transaction holds ([`hold`]), when the work decided it.
pub fn settle<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    claim: &mut Claim<D::Status>,
    to: D::Status,
) -> Result<(), AppError> {
    if claim.status == to {
        return Ok(());
    }
    let seen = current::<D>(conn, id)?;
    may_become::<D>(id, seen.status, to)?;
    take::<D>(conn, actor, id, seen, to)?;
    claim.status = to;
    Ok(())
}

/// The conditional update itself: from `seen` (already checked by the caller) to `write`.
fn take<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    seen: State<D::Status>,
    write: D::Status,
) -> Result<Claim<D::Status>, AppError> {
    if D::swap(conn, id, seen, write, &actor.label, db::now())? == 1 {
        return Ok(Claim {
            from: seen.status,
            status: write,
        });
    }
    // Another request changed it between our read and our update (and committed first).
    Err(moved_on::<D>(D::state(conn, id)?, seen))
}

/// Why a document in `current` cannot move to `next`, from the transition table.
pub fn refusal<D: DocumentTable>(id: D::Id, current: D::Status, next: D::Status) -> AppError {
    AppError::Conflict(format!(
        "{} {id} is {}: it cannot be {} now.",
        capitalise(D::NOUN),
        current.label().to_lowercase(),
        next.verb()
    ))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The audit row of a move: the status before and after, and what the move did.
pub fn record<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    claim: &Claim<D::Status>,
    action: &str,
    details: Value,
) -> Result<(), AppError> {
    let mut after = json!({ "status": claim.status.label() });
    if let (Some(after), Value::Object(details)) = (after.as_object_mut(), details) {
        after.extend(details);
    }
    audit::record(
        conn,
        actor,
        Entry {
            entity_type: D::ENTITY,
            entity_id: Some(id.to_string()),
            action,
            before: Some(json!({ "status": claim.from.label() })),
            after: Some(after),
        },
    )
}

/// Describes a document table for [`DocumentTable`]: `document_table!(Transfers, transfers,
/// TransferId, TransferStatus, "transfer", "transfer")` with the schema module in scope.
#[macro_export]
macro_rules! document_table {
    ($marker:ident, $table:ident, $id:ty, $status:ty, $noun:literal, $entity:literal) => {
        /// The table's documents, for `crate::documents`.
        pub struct $marker;

        impl $crate::documents::DocumentTable for $marker {
            type Id = $id;
            type Status = $status;
            const NOUN: &'static str = $noun;
            const ENTITY: &'static str = $entity;

            fn state(
                conn: &mut $crate::db::DbConnection,
                id: $id,
            ) -> diesel::QueryResult<Option<$crate::documents::State<$status>>> {
                use diesel::prelude::*;
                $table::table
                    .find(id)
                    .select(($table::status, $table::version))
                    .first::<($status, i64)>(conn)
                    .optional()
                    .map(|row| {
                        row.map(|(status, version)| $crate::documents::State { status, version })
                    })
            }

            fn swap(
                conn: &mut $crate::db::DbConnection,
                id: $id,
                seen: $crate::documents::State<$status>,
                to: $status,
                by: &str,
                at: chrono::NaiveDateTime,
            ) -> diesel::QueryResult<usize> {
                use diesel::prelude::*;
                diesel::update(
                    $table::table
                        .find(id)
                        .filter($table::status.eq(seen.status))
                        .filter($table::version.eq(seen.version)),
                )
                .set((
                    $table::status.eq(to),
                    $table::version.eq(seen.version + 1),
                    $table::updated_by.eq(by),
                    $table::updated_at.eq(at),
                ))
                .execute(conn)
            }

            fn touch(
                conn: &mut $crate::db::DbConnection,
                id: $id,
                status: $status,
                by: &str,
                at: chrono::NaiveDateTime,
            ) -> diesel::QueryResult<usize> {
                use diesel::prelude::*;
                diesel::update($table::table.find(id).filter($table::status.eq(status)))
                    .set(($table::updated_by.eq(by), $table::updated_at.eq(at)))
                    .execute(conn)
            }
        }
    };
}
