//! Adjusting on hand by hand: one movement through the ledger's writer and one audit row, in
//! one transaction.

use serde_json::json;

use super::models::Adjustment;
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::domain::problems::FieldErrors;
use crate::domain::words::grouped;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::domain::{MAX_QUANTITY, MovementKind};
use crate::inventory::locations::require_active;
use crate::inventory::stock::{Movement, Recorder, StockError, level, record};

/// What an adjustment came to.
pub enum AdjustOutcome {
    /// Done: the sentence for the flash.
    Done(String),
    /// "Set to" the level it already is: nothing written.
    Unchanged(String),
    Invalid(FieldErrors),
    /// On hand moved since the form showed it (for "set to"): its current figure.
    Moved(i64),
}

pub fn adjust_stock(
    conn: &mut DbConnection,
    actor: &Actor,
    adjustment: &Adjustment,
) -> Result<AdjustOutcome, AppError> {
    db::write(conn, |c| {
        admit_at(c, actor, &[adjustment.location])?;
        let mut errors = FieldErrors::new();
        require_active(c, &mut errors, ("location", adjustment.location))?;
        if !errors.is_empty() {
            return Ok(AdjustOutcome::Invalid(errors));
        }
        let Some((reason_code, reason_label, needs_note)) = queries::reason(c, adjustment.reason)?
        else {
            let mut errors = FieldErrors::new();
            errors.add("reason", "Choose one of the reasons listed.");
            return Ok(AdjustOutcome::Invalid(errors));
        };
        if needs_note && adjustment.note.is_empty() {
            let mut errors = FieldErrors::new();
            errors.add(
                "note",
                format!("\"{reason_label}\" needs a note saying what happened."),
            );
            return Ok(AdjustOutcome::Invalid(errors));
        }
        let current = level(c, adjustment.variant, adjustment.location)
            .map_err(AppError::from)?
            .unwrap_or_default();
        if let (Some(seen), super::models::AdjustMode::Set(_)) =
            (adjustment.expected, adjustment.mode)
        {
            if seen != current.on_hand {
                return Ok(AdjustOutcome::Moved(current.on_hand));
            }
        }
        let change = adjustment.mode.change_from(current.on_hand);
        if change == 0 {
            return Ok(AdjustOutcome::Unchanged(format!(
                "On hand was already {}: nothing changed.",
                grouped(current.on_hand)
            )));
        }
        if current.on_hand + change > MAX_QUANTITY {
            let mut errors = FieldErrors::new();
            errors.add("quantity", "A level holds at most 1,000,000 units.");
            return Ok(AdjustOutcome::Invalid(errors));
        }
        let movement = Movement {
            variant: adjustment.variant,
            location: adjustment.location,
            kind: MovementKind::Adjustment,
            on_hand: change,
            committed: 0,
            reason: Some(adjustment.reason),
            note: &adjustment.note,
            reference: None,
        };
        let recorded = match record(c, Recorder::of(actor), &movement) {
            Ok(recorded) => recorded,
            Err(StockError::Short(shortages)) => {
                let available = shortages.first().map_or(0, |s| s.available.max(0));
                let mut errors = FieldErrors::new();
                errors.add(
                    "quantity",
                    format!(
                        "Only {} available to remove ({} on hand, {} committed to orders).",
                        grouped(available),
                        grouped(current.on_hand),
                        grouped(current.committed)
                    ),
                );
                return Ok(AdjustOutcome::Invalid(errors));
            }
            Err(StockError::Refused(message)) => {
                let mut errors = FieldErrors::new();
                errors.add("variant", message);
                return Ok(AdjustOutcome::Invalid(errors));
            }
            Err(StockError::Failed(error)) => return Err(error),
        };
        let sku: String = {
            use crate::db::schema::variants;
            use diesel::prelude::*;
            variants::table
                .find(adjustment.variant)
                .select(variants::sku)
                .first(c)?
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "variant",
                entity_id: Some(adjustment.variant.to_string()),
                action: "inventory.stock_adjusted",
                before: Some(json!({ "on_hand": current.on_hand })),
                after: Some(json!({
                    "sku": sku,
                    "location": adjustment.location,
                    "on_hand": recorded.after.on_hand,
                    "change": change,
                    "reason": reason_code,
                    "note": adjustment.note,
                    "movement": recorded.id,
                })),
            },
        )?;
        let verb = if change > 0 { "Added" } else { "Removed" };
        Ok(AdjustOutcome::Done(format!(
            "{verb} {} of {sku} ({reason_label}): on hand now {}.",
            grouped(change.abs()),
            grouped(recorded.after.on_hand)
        )))
    })
}
