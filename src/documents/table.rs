//! How a document table is described: its status ([`Lifecycle`]), where a document stands
//! ([`State`]), and the table itself ([`DocumentTable`], [`DraftTable`] for drafts saved
//! whole), written by `document_table!` and `draft_table!`.

use std::fmt::Display;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::auth::Actor;
use crate::db::DbConnection;
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

    /// Refuses `actor` unless they may take the document `id` towards `to` (for inventory: a
    /// person limited to other locations gets a 403 that says so). Every claim, hold, draft
    /// edit and lock asks first, before anything is written, so no route can forget it.
    fn admit(
        conn: &mut DbConnection,
        actor: &Actor,
        id: Self::Id,
        to: Self::Status,
    ) -> Result<(), AppError>;

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

/// A document table whose drafts are saved whole.
pub trait DraftTable: DocumentTable {
    /// The one status in which it may be edited.
    const DRAFT: Self::Status;
    /// The audit actions of a draft made and changed ("inventory.transfer_created").
    const CREATED: &'static str;
    const UPDATED: &'static str;

    /// Who changed it last, and when: for the sentence of a stale edit.
    fn last_change(conn: &mut DbConnection, id: Self::Id) -> QueryResult<(String, NaiveDateTime)>;
    /// Removes every line, before a save writes the lines as they are now.
    fn delete_lines(conn: &mut DbConnection, id: Self::Id) -> QueryResult<usize>;
}

/// A [`DocumentTable::admit`] for documents anyone who may open the route may move.
pub fn admit_anyone<Id, S>(_: &mut DbConnection, _: &Actor, _: Id, _: S) -> Result<(), AppError> {
    Ok(())
}

/// Describes a document table for [`DocumentTable`]: `document_table!(Transfers, transfers,
/// TransferId, TransferStatus, "transfer", "transfer", admit = path::to::admit)` with the
/// schema module in scope (without `admit`, anyone the route lets in may move it).
#[macro_export]
macro_rules! document_table {
    ($marker:ident, $table:ident, $id:ty, $status:ty, $noun:literal, $entity:literal) => {
        $crate::document_table!(
            $marker,
            $table,
            $id,
            $status,
            $noun,
            $entity,
            admit = $crate::documents::admit_anyone
        );
    };
    ($marker:ident, $table:ident, $id:ty, $status:ty, $noun:literal, $entity:literal,
     admit = $admit:path) => {
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

            fn admit(
                conn: &mut $crate::db::DbConnection,
                actor: &$crate::auth::Actor,
                id: $id,
                to: $status,
            ) -> Result<(), $crate::error::AppError> {
                $admit(conn, actor, id, to)
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

/// Describes a document table whose drafts are saved whole, for [`DraftTable`]:
/// `draft_table!(Transfers, transfers, transfer_lines, transfer_id, TransferStatus::Draft,
/// "inventory.transfer")` (the audit actions are that prefix with `_created` and `_updated`).
#[macro_export]
macro_rules! draft_table {
    ($marker:ident, $table:ident, $lines:ident, $parent:ident, $draft:expr, $action:literal) => {
        impl $crate::documents::DraftTable for $marker {
            const DRAFT: Self::Status = $draft;
            const CREATED: &'static str = concat!($action, "_created");
            const UPDATED: &'static str = concat!($action, "_updated");

            fn last_change(
                conn: &mut $crate::db::DbConnection,
                id: Self::Id,
            ) -> diesel::QueryResult<(String, chrono::NaiveDateTime)> {
                use diesel::prelude::*;
                $table::table
                    .find(id)
                    .select(($table::updated_by, $table::updated_at))
                    .first(conn)
            }

            fn delete_lines(
                conn: &mut $crate::db::DbConnection,
                id: Self::Id,
            ) -> diesel::QueryResult<usize> {
                use diesel::prelude::*;
                diesel::delete($lines::table.filter($lines::$parent.eq(id))).execute(conn)
            }
        }
    };
}

/// Declares a document's status: a [`text_enum!`](crate::text_enum) whose variants also name
/// the move to them in words (for refusals), its allowed moves as data, and its [`Lifecycle`].
///
/// ```ignore
/// crate::lifecycle! {
///     /// Where a transfer stands.
///     pub enum TransferStatus {
///         Draft = ("draft", "Draft", "made a draft"),
///         Sent = ("sent", "In transit", "sent"),
///     }
///     moves { Draft => Sent }
/// }
/// ```
#[macro_export]
macro_rules! lifecycle {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = ($word:literal, $label:literal, $verb:literal) ),+ $(,)?
        }
        moves { $( $from:ident => $to:ident ),+ $(,)? }
    ) => {
        $crate::text_enum! {
            $(#[$meta])*
            $vis enum $name {
                $( $(#[$vmeta])* $variant = ($word, $label) ),+
            }
        }

        impl $name {
            /// The allowed moves, as data.
            pub fn can_become(self, next: $name) -> bool {
                matches!((self, next), $( ($name::$from, $name::$to) )|+)
            }
        }

        impl $crate::documents::Lifecycle for $name {
            fn can_become(self, next: Self) -> bool {
                $name::can_become(self, next)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }

            fn verb(self) -> &'static str {
                match self {
                    $( $name::$variant => $verb ),+
                }
            }
        }
    };
}
