//! The audit log in words: what an action code means ("Product updated"), where a record
//! lives, and what changed between the stored before and after, field by field, with money
//! formatted. The log stores codes and JSON; people read this.

use serde_json::Value;

use crate::domain::money::{Currency, Money};

/// Action codes whose words do not follow from the code itself.
const WORDS: &[(&str, &str)] = &[
    ("staff.sign_in", "Signed in"),
    ("staff.sign_in_failed", "Sign-in failed"),
    ("staff.sign_out", "Signed out"),
    ("staff.setup", "Shop set up"),
    ("staff.created", "Staff account created"),
    ("staff.updated", "Staff account updated"),
    ("catalog.import", "Import checked"),
    ("catalog.import_applied", "Import applied"),
    ("catalog.bulk_edit", "Bulk edit recorded"),
    ("catalog.bulk_edit_applied", "Bulk edit applied"),
    ("catalog.bulk_edit_reverted", "Bulk edit reverted"),
    ("catalog.bulk_revert", "Bulk edit revert started"),
    ("shop.settings_updated", "Settings updated"),
];

/// "catalog.product_updated" → "Product updated".
pub fn action_label(action: &str) -> String {
    if let Some((_, words)) = WORDS.iter().find(|(code, _)| *code == action) {
        return (*words).to_owned();
    }
    let (area, tail) = action.rsplit_once('.').unwrap_or(("", action));
    // "staff.created" names no thing of its own: the area is the thing ("Staff created").
    let tail = if tail.contains('_') || area.is_empty() {
        tail.replace('_', " ")
    } else {
        format!("{area} {tail}")
    };
    let mut chars = tail.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => action.to_owned(),
    }
}

/// The page of a record, by its type and id.
pub fn record_url(entity_type: &str, entity_id: Option<&str>) -> Option<String> {
    let id = entity_id.filter(|id| id.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty());
    match (entity_type, id) {
        ("product", Some(id)) => Some(format!("/admin/products/{id}")),
        ("category", Some(id)) => Some(format!("/admin/categories/{id}")),
        ("staff", Some(id)) => Some(format!("/admin/staff/{id}")),
        ("change_set", Some(id)) => Some(format!("/admin/products/changes/{id}")),
        ("import", Some(id)) => Some(format!("/admin/products/import/{id}")),
        ("location", Some(id)) => Some(format!("/admin/inventory/locations/{id}")),
        ("variant", Some(id)) => Some(format!("/admin/inventory/variants/{id}")),
        ("shop", _) => Some("/admin/settings".to_owned()),
        _ => None,
    }
}

/// The kinds of record, with their names for people, for the filter menu.
pub const RECORD_TYPES: &[(&str, &str)] = &[
    ("product", "Products"),
    ("category", "Categories"),
    ("change_set", "Bulk edits"),
    ("import", "Imports"),
    ("variant", "Stock"),
    ("location", "Locations"),
    ("staff", "Staff"),
    ("shop", "Settings"),
];

/// One field's change: "Price (LS-1)", "$40.00", "$42.00".
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Field names as people say them.
fn field_label(key: &str) -> String {
    match key {
        "compare_at_price" | "compare_at" => "Compare-at price".into(),
        "category_id" => "Category".into(),
        "product_type" => "Type".into(),
        "seo_title" => "SEO title".into(),
        "seo_description" => "SEO description".into(),
        "sku" => "SKU".into(),
        "alt" => "Alt text".into(),
        other => action_label(other),
    }
}

/// Amounts are stored in minor units under these names.
fn is_money(key: &str) -> bool {
    key.contains("price") || key == "cost" || key == "compare_at"
}

fn show(key: &str, value: &Value, currency: &Currency) -> String {
    match value {
        Value::Null => "—".into(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Number(n) if is_money(key) => n.as_i64().map_or_else(
            || n.to_string(),
            |minor| Money::format_minor(minor, currency),
        ),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => items
            .iter()
            .map(|i| show(key, i, currency))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// What changed from `before` to `after`: only the fields that differ. Lists of records (a
/// product's variants) are matched by SKU, so a price change reads "Price (LS-1)".
pub fn diff(
    before: Option<&Value>,
    after: Option<&Value>,
    currency: &Currency,
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let empty = Value::Object(Default::default());
    walk(
        "",
        before.unwrap_or(&empty),
        after.unwrap_or(&empty),
        currency,
        &mut changes,
    );
    changes
}

fn walk(
    label: &str,
    before: &Value,
    after: &Value,
    currency: &Currency,
    out: &mut Vec<FieldChange>,
) {
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = new.keys().collect();
            keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
            for key in keys {
                let null = Value::Null;
                let (b, a) = (old.get(key).unwrap_or(&null), new.get(key).unwrap_or(&null));
                if b == a {
                    continue;
                }
                let field = match label {
                    "" => field_label(key),
                    prefix => format!("{} ({prefix})", field_label(key)),
                };
                match (b, a) {
                    (Value::Array(_) | Value::Null, Value::Array(items))
                        if items.iter().any(Value::is_object) =>
                    {
                        walk_records(b, a, currency, out)
                    }
                    (Value::Array(items), Value::Null) if items.iter().any(Value::is_object) => {
                        walk_records(b, a, currency, out)
                    }
                    _ => out.push(FieldChange {
                        before: show(key, b, currency),
                        after: show(key, a, currency),
                        field,
                    }),
                }
            }
        }
        _ if before != after => out.push(FieldChange {
            field: if label.is_empty() {
                "Value".into()
            } else {
                label.into()
            },
            before: show(label, before, currency),
            after: show(label, after, currency),
        }),
        _ => {}
    }
}

/// Lists of records, matched by their `sku` (else by position).
fn walk_records(before: &Value, after: &Value, currency: &Currency, out: &mut Vec<FieldChange>) {
    let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let (old, new) = (list(before), list(after));
    let name = |record: &Value, index: usize| {
        record
            .get("sku")
            .and_then(Value::as_str)
            .map_or_else(|| format!("#{}", index + 1), str::to_owned)
    };
    for (i, record) in new.iter().enumerate() {
        let key = name(record, i);
        let previous = old.iter().enumerate().find(|(j, r)| name(r, *j) == key);
        match previous {
            Some((_, previous)) => walk(&key, previous, record, currency, out),
            None => out.push(FieldChange {
                field: format!("Variant {key}"),
                before: "—".into(),
                after: "added".into(),
            }),
        }
    }
    for (j, record) in old.iter().enumerate() {
        let key = name(record, j);
        if !new.iter().enumerate().any(|(i, r)| name(r, i) == key) {
            out.push(FieldChange {
                field: format!("Variant {key}"),
                before: "—".into(),
                after: "removed".into(),
            });
        }
    }
}

/// The entry as a sentence for the dashboard: "Ana changed the price of Linen Shirt".
pub fn sentence(who: &str, action: &str, record: &str, changes: &[FieldChange]) -> String {
    let verb = action.rsplit('.').next().unwrap_or(action);
    let fields: Vec<&str> = changes
        .iter()
        .map(|c| c.field.split(" (").next().unwrap_or(&c.field))
        .collect();
    let mut distinct = fields.clone();
    distinct.dedup();
    match action {
        "staff.created" => return format!("{who} added {record} to the staff"),
        "staff.setup" => return format!("{who} set up the shop"),
        "shop.settings_updated" => return format!("{who} changed the shop's settings"),
        "inventory.stock_adjusted" if !record.is_empty() => {
            return format!("{who} adjusted the stock of {record}");
        }
        _ => {}
    }
    match verb {
        v if v.ends_with("_updated") && distinct.len() == 1 && !record.is_empty() => format!(
            "{who} changed the {} of {record}",
            distinct[0].to_lowercase()
        ),
        v if v.ends_with("_updated") && !record.is_empty() => format!("{who} updated {record}"),
        v if v.ends_with("_created") && !record.is_empty() => format!("{who} created {record}"),
        v if v.ends_with("_deleted") && !record.is_empty() => format!("{who} deleted {record}"),
        v if v.ends_with("_archived") && !record.is_empty() => format!("{who} archived {record}"),
        _ if record.is_empty() => format!("{who}: {}", action_label(action).to_lowercase()),
        _ => format!("{who}: {} · {record}", action_label(action).to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_read_as_words_with_only_the_changes() {
        assert_eq!(action_label("catalog.product_updated"), "Product updated");
        assert_eq!(action_label("staff.sign_in"), "Signed in");
        assert_eq!(action_label("staff.password_reset"), "Password reset");
        assert_eq!(action_label("staff.deactivated"), "Staff deactivated");
        let usd = Currency::from_code("USD").unwrap();
        let before = json!({ "title": "Linen", "status": "active", "variants": [
            { "sku": "LS-1", "price": 4000, "cost": null }, { "sku": "LS-2", "price": 4000 } ] });
        let after = json!({ "title": "Linen", "status": "active", "variants": [
            { "sku": "LS-1", "price": 4200, "cost": 1500 }, { "sku": "LS-3", "price": 4000 } ] });
        let changes = diff(Some(&before), Some(&after), &usd);
        let read: Vec<String> = changes
            .iter()
            .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
            .collect();
        assert_eq!(
            read,
            [
                "Cost (LS-1): — → $15.00",
                "Price (LS-1): $40.00 → $42.00",
                "Variant LS-3: — → added",
                "Variant LS-2: — → removed",
            ]
        );
        let price = &changes[1..2];
        assert_eq!(
            sentence("Ana", "catalog.product_updated", "Linen Shirt", price),
            "Ana changed the price of Linen Shirt"
        );
        assert_eq!(
            sentence("Ana", "catalog.product_created", "Linen Shirt", &[]),
            "Ana created Linen Shirt"
        );
    }
}
