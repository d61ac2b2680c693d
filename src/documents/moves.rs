//! A document's status moves: each one conditional update in the caller's transaction.

use serde_json::{Value, json};

use super::table::{DocumentTable, Lifecycle, State};
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::error::AppError;

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
    D::admit(conn, actor, id, status)?;
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
    D::admit(conn, actor, id, to)?;
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
    D::admit(conn, actor, id, next)?;
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
    D::admit(conn, actor, id, editable)?;
    let seen = current::<D>(conn, id)?;
    match self::editable::<D>(seen, editable, version)? {
        Ok(()) => take::<D>(conn, actor, id, seen, editable).map(Ok),
        Err(stale) => Ok(Err(stale)),
    }
}

/// Whether a document as `seen` may be edited from the person's `version`: a status other
/// than `editable` is a 409, another version [`Stale`].
pub fn editable<D: DocumentTable>(
    seen: State<D::Status>,
    editable: D::Status,
    version: Option<i64>,
) -> Result<Result<(), Stale>, AppError> {
    if seen.status != editable {
        return Err(AppError::Conflict(format!(
            "This {noun} is {} now: only a {} {noun} can be changed.",
            seen.status.label().to_lowercase(),
            editable.label().to_lowercase(),
            noun = D::NOUN,
        )));
    }
    Ok(if version == Some(seen.version) {
        Ok(())
    } else {
        Err(Stale)
    })
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

/// What a move did: the details of its audit row, and its sentence for the person.
pub type Moved = (Value, String);

/// A whole move in one transaction: the [`claim`] to `to` (a 409 unless the document may move
/// there and no one moved it first), then `work` (what the move writes, knowing the status it
/// moved from), then its audit row `action`. The answer is `work`'s sentence.
pub fn transition<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    (id, to): (D::Id, D::Status),
    action: &str,
    mut work: impl FnMut(&mut DbConnection, D::Status) -> Result<Moved, AppError>,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let claim = claim::<D>(c, actor, id, to)?;
        let (details, sentence) = work(c, claim.from)?;
        record::<D>(c, actor, id, &claim, action, details)?;
        Ok(sentence)
    })
}

/// Refuses `actor` unless they may take the document towards `to` ([`DocumentTable::admit`]):
/// for work that reads the document before it claims it (a receipt).
pub fn admit<D: DocumentTable>(
    conn: &mut DbConnection,
    actor: &Actor,
    id: D::Id,
    to: D::Status,
) -> Result<(), AppError> {
    D::admit(conn, actor, id, to)
}
