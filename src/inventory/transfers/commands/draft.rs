//! Drafts: created and changed with their lines, the SKUs resolved; one audit row each.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{locations, transfer_lines, transfers};
use crate::db::{self, DbConnection};
use crate::documents;
use crate::domain::ids::{TransferId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult, stale_message};
use crate::error::AppError;
use crate::inventory::domain::Quantity;
use crate::inventory::stock::variant_by_code;
use crate::inventory::transfers::models::{DraftChanges, TransferStatus, Transfers};
use crate::inventory::transfers::queries;
use crate::shop::Shop;

/// Creates (`id` none) or changes a draft.
pub fn save_draft(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<TransferId>,
    changes: &DraftChanges,
    shop: &Shop,
) -> Result<SaveResult<TransferId>, AppError> {
    db::write(conn, |c| {
        let existing = match id {
            Some(id) => Some(queries::find(c, id)?.ok_or(AppError::NotFound)?),
            None => None,
        };
        if let Some(current) = &existing {
            if current.status != TransferStatus::Draft {
                return Err(AppError::Conflict(format!(
                    "This transfer is {} now: only a draft can be changed.",
                    current.status.label().to_lowercase()
                )));
            }
            if changes.version != Some(current.version) {
                return Ok(SaveResult::Stale(stale_message(
                    "transfer",
                    &current.updated_by,
                    &shop.time(&current.updated_at),
                )));
            }
        }
        let mut errors = FieldErrors::new();
        if changes.from == changes.to {
            errors.add("to", "Choose a destination other than the origin.");
        }
        for (field, location) in [("from", changes.from), ("to", changes.to)] {
            let active: Option<bool> = locations::table
                .find(location)
                .select(locations::active)
                .first(c)
                .optional()?;
            if active != Some(true) {
                errors.add(field, "Choose an active location.");
            }
        }
        let mut resolved: Vec<(VariantId, Quantity)> = Vec::new();
        let mut problems = Vec::new();
        for (code, units) in &changes.lines {
            match variant_by_code(c, code)? {
                None => problems.push(format!("{code}: no variant has this SKU or barcode")),
                Some(v) if !v.tracked => problems.push(format!("{}: does not track stock", v.sku)),
                Some(v) if resolved.iter().any(|(id, _)| *id == v.id) => {
                    problems.push(format!("{}: listed twice (as a SKU and a barcode)", v.sku));
                }
                Some(v) => resolved.push((v.id, *units)),
            }
        }
        if changes.lines.is_empty() {
            errors.add(
                "lines",
                "Add at least one line: a SKU and a number of units.",
            );
        } else if !problems.is_empty() {
            errors.add("lines", format!("{}.", problems.join("; ")));
        }
        if !errors.is_empty() {
            return Ok(SaveResult::Invalid(errors));
        }
        let now = db::now();
        let values = (
            transfers::from_location_id.eq(changes.from),
            transfers::to_location_id.eq(changes.to),
            transfers::note.eq(&changes.note),
            transfers::updated_by.eq(&actor.label),
            transfers::updated_at.eq(now),
        );
        let saved = match &existing {
            Some(current) => {
                // The version the person saw, compared and bumped in one conditional update.
                if documents::hold_version::<Transfers>(
                    c,
                    actor,
                    current.id,
                    TransferStatus::Draft,
                    changes.version,
                )?
                .is_err()
                {
                    return Ok(SaveResult::Stale(stale_message(
                        "transfer",
                        &current.updated_by,
                        &shop.time(&current.updated_at),
                    )));
                }
                diesel::update(transfers::table.find(current.id))
                    .set(values)
                    .execute(c)?;
                diesel::delete(
                    transfer_lines::table.filter(transfer_lines::transfer_id.eq(current.id)),
                )
                .execute(c)?;
                current.id
            }
            None => diesel::insert_into(transfers::table)
                .values((
                    values,
                    transfers::status.eq(TransferStatus::Draft),
                    transfers::created_at.eq(now),
                ))
                .returning(transfers::id)
                .get_result(c)?,
        };
        for (variant, units) in &resolved {
            diesel::insert_into(transfer_lines::table)
                .values((
                    transfer_lines::transfer_id.eq(saved),
                    transfer_lines::variant_id.eq(*variant),
                    transfer_lines::quantity.eq(units.get()),
                ))
                .execute(c)?;
        }
        let units: i64 = resolved.iter().map(|(_, q)| q.get()).sum();
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "transfer",
                entity_id: Some(saved.to_string()),
                action: if existing.is_some() {
                    "inventory.transfer_updated"
                } else {
                    "inventory.transfer_created"
                },
                before: None,
                after: Some(json!({
                    "from": changes.from, "to": changes.to,
                    "lines": resolved.len(), "units": units,
                })),
            },
        )?;
        Ok(SaveResult::Saved(saved))
    })
}
