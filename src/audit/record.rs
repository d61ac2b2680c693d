//! Writing the audit trail.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::audit_log;
use crate::db::{self, DbConnection};
use crate::error::AppError;

/// One audited change.
pub struct Entry<'a> {
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, actor: &Actor, entry: Entry<'_>) -> Result<(), AppError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(db::now()),
            audit_log::staff_id.eq(actor.staff_id),
            audit_log::actor.eq(&actor.label),
            audit_log::ip.eq(&actor.ip),
            audit_log::request_id.eq(&actor.request_id),
            audit_log::entity_type.eq(entry.entity_type),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::action.eq(entry.action),
            audit_log::before_json.eq(entry.before.map(|v| v.to_string())),
            audit_log::after_json.eq(entry.after.map(|v| v.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}

/// The fields that differ between two versions of a record, as the `before` and `after` of an
/// entry: only what changed, so the audit log shows the change and nothing else. `None` when
/// nothing changed (a save that changed nothing leaves no entry). Both must serialise to JSON
/// objects.
pub fn changed_fields(
    before: &impl serde::Serialize,
    after: &impl serde::Serialize,
) -> Option<(serde_json::Value, serde_json::Value)> {
    use serde_json::{Map, Value};
    let (Ok(Value::Object(before)), Ok(Value::Object(after))) =
        (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return None;
    };
    let mut old = Map::new();
    let mut new = Map::new();
    for (field, value) in after {
        let previous = before.get(&field).cloned().unwrap_or(Value::Null);
        if previous != value {
            old.insert(field.clone(), previous);
            new.insert(field, value);
        }
    }
    (!new.is_empty()).then_some((Value::Object(old), Value::Object(new)))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let before = json!({ "name": "Linen", "price": 100, "tags": ["a"] });
        let after = json!({ "name": "Linen", "price": 120, "tags": ["a"] });
        let (old, new) = super::changed_fields(&before, &after).unwrap();
        assert_eq!(old, json!({ "price": 100 }));
        assert_eq!(new, json!({ "price": 120 }));
        assert!(super::changed_fields(&before, &before).is_none());
    }
}
