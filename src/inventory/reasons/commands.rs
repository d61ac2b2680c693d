//! Reason writes: adding a reason, retiring or restoring one (a reason is never deleted: past
//! movements name it). One audit row each.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::stock_reasons;
use crate::db::{self, DbConnection};
use crate::domain::ids::ReasonId;
use crate::error::AppError;

/// The code a label gets: lower-case words joined by underscores ("Gift to staff" → "gift_to_staff").
pub fn code_of(label: &str) -> String {
    label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

pub fn add_reason(
    conn: &mut DbConnection,
    actor: &Actor,
    label: &str,
    needs_note: bool,
) -> Result<Result<ReasonId, String>, AppError> {
    let code = code_of(label);
    db::write(conn, |c| {
        let taken = diesel::select(diesel::dsl::exists(
            stock_reasons::table.filter(stock_reasons::code.eq(&code)),
        ))
        .get_result::<bool>(c)?;
        if taken {
            return Ok(Err(format!(
                "There is a reason called \"{label}\" already."
            )));
        }
        let position: Option<i64> = stock_reasons::table
            .select(diesel::dsl::max(stock_reasons::position))
            .first(c)?;
        let id: ReasonId = diesel::insert_into(stock_reasons::table)
            .values((
                stock_reasons::code.eq(&code),
                stock_reasons::label.eq(label),
                stock_reasons::needs_note.eq(needs_note),
                stock_reasons::position.eq(position.unwrap_or(0) + 1),
            ))
            .returning(stock_reasons::id)
            .get_result(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "reason",
                entity_id: Some(id.to_string()),
                action: "inventory.reason_created",
                before: None,
                after: Some(json!({ "label": label, "needs_note": needs_note })),
            },
        )?;
        Ok(Ok(id))
    })
}

pub fn set_active(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ReasonId,
    active: bool,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let changed = diesel::update(
            stock_reasons::table
                .find(id)
                .filter(stock_reasons::active.ne(active)),
        )
        .set(stock_reasons::active.eq(active))
        .execute(c)?;
        if changed == 0 {
            let exists = diesel::select(diesel::dsl::exists(stock_reasons::table.find(id)))
                .get_result::<bool>(c)?;
            return if exists {
                Ok(())
            } else {
                Err(AppError::NotFound)
            };
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "reason",
                entity_id: Some(id.to_string()),
                action: if active {
                    "inventory.reason_restored"
                } else {
                    "inventory.reason_retired"
                },
                before: Some(json!({ "active": !active })),
                after: Some(json!({ "active": active })),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_code_is_its_label_in_words() {
        assert_eq!(code_of("Gift to staff"), "gift_to_staff");
        assert_eq!(code_of("  Water-damaged!  "), "water_damaged");
    }
}
