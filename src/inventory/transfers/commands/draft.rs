//! Drafts: created and changed with their lines, the SKUs resolved; one audit row each
//! (`documents::save_draft` does the checks and the order of writes).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{locations, transfer_lines, transfers};
use crate::documents::{self, DraftWrite};
use crate::domain::ids::{TransferId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::inventory::domain::Quantity;
use crate::inventory::stock::resolve_lines;
use crate::inventory::transfers::models::{DraftChanges, TransferStatus, Transfers};
use crate::shop::Shop;

/// Creates (`id` none) or changes a draft.
pub fn save_draft(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<TransferId>,
    changes: &DraftChanges,
    shop: &Shop,
) -> Result<SaveResult<TransferId>, AppError> {
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
    for (field, location) in [("from", changes.from), ("to", changes.to)] {
        let active: Option<bool> = locations::table
            .find(location)
            .select(locations::active)
            .first(conn)
            .optional()?;
        if active != Some(true) {
            errors.add(field, "Choose an active location.");
        }
    }
    let lines = resolve_lines(
        conn,
        changes
            .lines
            .iter()
            .map(|(code, units)| (code.as_str(), *units)),
        (
            &mut errors,
            "Add at least one line: a SKU and a number of units.",
        ),
        |_, units| Ok(units),
    )?;
    Ok(if errors.is_empty() {
        Ok(Checked { changes, lines })
    } else {
        Err(errors)
    })
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
            transfers::updated_by.eq(by),
            transfers::updated_at.eq(at),
        );
        match existing {
            Some(id) => diesel::update(transfers::table.find(id))
                .set(values)
                .execute(conn)
                .map(|_| id),
            None => diesel::insert_into(transfers::table)
                .values((
                    values,
                    transfers::status.eq(TransferStatus::Draft),
                    transfers::created_at.eq(at),
                ))
                .returning(transfers::id)
                .get_result(conn),
        }
    }

    fn lines(&self, conn: &mut DbConnection, id: TransferId) -> QueryResult<()> {
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
