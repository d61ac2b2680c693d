//! Drafts: created and changed with their lines, the SKUs resolved; one audit row each
//! (`documents::save_draft` does the checks and the order of writes).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::table::Transfers;
use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{transfer_lines, transfers};
use crate::documents::{self, DraftWrite};
use crate::domain::ids::{TransferId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::domain::Quantity;
use crate::inventory::locations::require_active;
use crate::inventory::stock::resolve_lines;
use crate::inventory::transfers::models::{DraftChanges, TransferStatus};
use crate::shop::Shop;

/// Creates (`id` none) or changes a draft.
pub fn save_draft(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<TransferId>,
    changes: &DraftChanges,
    shop: &Shop,
) -> Result<SaveResult<TransferId>, AppError> {
    // A transfer is made at its origin (new, or moved to another origin); `documents` asks
    // about the transfer as stored.
    admit_at(conn, actor, &[changes.from])?;
    documents::save_draft::<Transfers, _>(conn, actor, (id, changes.version), shop, |c| {
        check(c, changes)
    })
}

/// A checked draft: the changes and the variants its lines name.
struct Checked<'a> {
    changes: &'a DraftChanges,
    lines: Vec<(VariantId, Quantity)>,
}

fn check<'a>(
    conn: &mut DbConnection,
    changes: &'a DraftChanges,
) -> Result<Result<Checked<'a>, FieldErrors>, AppError> {
    let mut errors = FieldErrors::new();
    if changes.from == changes.to {
        errors.add("to", "Choose a destination other than the origin.");
    }
    require_active(conn, &mut errors, ("from", changes.from))?;
    require_active(conn, &mut errors, ("to", changes.to))?;
    let lines = resolve_lines(
        conn,
        changes
            .lines
            .iter()
            .map(|(code, units)| (code.as_str(), *units)),
        (
            &mut errors,
            &changes.line_problems,
            "Add at least one line: a SKU and a number of units.",
        ),
        |_, units| Ok(units),
    )?;
    Ok(errors.or_ok(Checked { changes, lines }))
}

impl DraftWrite for Checked<'_> {
    type Id = TransferId;

    fn header(
        &self,
        conn: &mut DbConnection,
        existing: Option<TransferId>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<TransferId> {
        let values = (
            transfers::from_location_id.eq(self.changes.from),
            transfers::to_location_id.eq(self.changes.to),
            transfers::note.eq(&self.changes.note),
        );
        let draft = TransferStatus::Draft;
        crate::write_draft_header!(conn, transfers, existing, (by, at), draft, values)
    }

    fn lines(&self, conn: &mut DbConnection, id: TransferId) -> QueryResult<()> {
        // One statement a line: the one binary's MultiBackend has no batch insert.
        for (variant, units) in &self.lines {
            diesel::insert_into(transfer_lines::table)
                .values((
                    transfer_lines::transfer_id.eq(id),
                    transfer_lines::variant_id.eq(*variant),
                    transfer_lines::quantity.eq(units.get()),
                ))
                .execute(conn)?;
        }
        Ok(())
    }

    fn details(&self) -> Value {
        let units: i64 = self.lines.iter().map(|(_, q)| q.get()).sum();
        json!({
            "from": self.changes.from, "to": self.changes.to,
            "lines": self.lines.len(), "units": units,
        })
    }
}
