//! A stale save merged instead of thrown away. The form carries `base`, the values it showed
//! when it was opened. When someone else saved in between, each field is decided three ways:
//! changed by this person only, it keeps what they typed; changed by the other person only,
//! it takes theirs; changed by both to different values, it keeps what was typed and the page
//! shows the other value beside it. Nobody's change is lost without being seen.

use std::collections::BTreeMap;

use super::input::{ProductInput, VariantRow};

/// A field both people changed, differently.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    /// "Title", "Price (M / Navy)".
    pub label: String,
    /// The form field's name in [`ProductInput`] terms ("title", "price").
    pub field: &'static str,
    pub yours: String,
    pub theirs: String,
}

/// The product fields a merge decides, with their labels.
const FIELDS: [(&str, &str); 16] = [
    ("title", "Title"),
    ("description", "Description"),
    ("status", "Status"),
    ("vendor", "Vendor"),
    ("product_type", "Product type"),
    ("tags", "Tags"),
    ("category_id", "Category"),
    ("handle", "URL handle"),
    ("seo_title", "SEO title"),
    ("seo_description", "SEO description"),
    ("option1_name", "Option 1 name"),
    ("option1_values", "Option 1 values"),
    ("option2_name", "Option 2 name"),
    ("option2_values", "Option 2 values"),
    ("option3_name", "Option 3 name"),
    ("option3_values", "Option 3 values"),
];

const VARIANT_FIELDS: [(&str, &str); 8] = [
    ("sku", "SKU"),
    ("price", "Price"),
    ("compare_at", "Compare-at price"),
    ("cost", "Cost"),
    ("barcode", "Barcode"),
    ("weight", "Weight"),
    ("track", "Track stock"),
    ("backorder", "Backorders"),
];

fn field_mut<'a>(input: &'a mut ProductInput, name: &str) -> Option<&'a mut String> {
    Some(match name {
        "title" => &mut input.title,
        "description" => &mut input.description,
        "status" => &mut input.status,
        "vendor" => &mut input.vendor,
        "product_type" => &mut input.product_type,
        "tags" => &mut input.tags,
        "category_id" => &mut input.category_id,
        "handle" => &mut input.handle,
        "seo_title" => &mut input.seo_title,
        "seo_description" => &mut input.seo_description,
        "option1_name" => &mut input.options[0].name,
        "option1_values" => &mut input.options[0].values,
        "option2_name" => &mut input.options[1].name,
        "option2_values" => &mut input.options[1].values,
        "option3_name" => &mut input.options[2].name,
        "option3_values" => &mut input.options[2].values,
        _ => return None,
    })
}

fn field(input: &ProductInput, name: &str) -> String {
    let value = match name {
        "title" => &input.title,
        "description" => &input.description,
        "status" => &input.status,
        "vendor" => &input.vendor,
        "product_type" => &input.product_type,
        "tags" => &input.tags,
        "category_id" => &input.category_id,
        "handle" => &input.handle,
        "seo_title" => &input.seo_title,
        "seo_description" => &input.seo_description,
        "option1_name" => &input.options[0].name,
        "option1_values" => &input.options[0].values,
        "option2_name" => &input.options[1].name,
        "option2_values" => &input.options[1].values,
        "option3_name" => &input.options[2].name,
        "option3_values" => &input.options[2].values,
        _ => return String::new(),
    };
    value.trim().to_owned()
}

fn variant_field(row: &VariantRow, name: &str) -> String {
    let flag = |on: bool| if on { "yes" } else { "no" }.to_owned();
    match name {
        "sku" => row.sku.trim().to_owned(),
        "price" => row.price.trim().to_owned(),
        "compare_at" => row.compare_at.trim().to_owned(),
        "cost" => row.cost.trim().to_owned(),
        "barcode" => row.barcode.trim().to_owned(),
        "weight" => row.weight.trim().to_owned(),
        "track" => flag(row.track_inventory),
        "backorder" => flag(row.allow_backorder),
        _ => String::new(),
    }
}

fn set_variant_field(row: &mut VariantRow, name: &str, value: &str) {
    match name {
        "sku" => row.sku = value.to_owned(),
        "price" => row.price = value.to_owned(),
        "compare_at" => row.compare_at = value.to_owned(),
        "cost" => row.cost = value.to_owned(),
        "barcode" => row.barcode = value.to_owned(),
        "weight" => row.weight = value.to_owned(),
        "track" => row.track_inventory = value == "yes",
        "backorder" => row.allow_backorder = value == "yes",
        _ => {}
    }
}

fn variant_key(key: &str, field: &str) -> String {
    format!("variant [{key}] {field}")
}

/// Every value the merge decides, by a stable name (variants by their combination, since a
/// new variant has no id yet).
pub fn flatten(input: &ProductInput) -> BTreeMap<String, String> {
    let mut values = BTreeMap::new();
    for (name, _) in FIELDS {
        values.insert(name.to_owned(), field(input, name));
    }
    for row in &input.variants {
        for (name, _) in VARIANT_FIELDS {
            values.insert(variant_key(&row.key, name), variant_field(row, name));
        }
    }
    values
}

/// The `base` a form carries: the flattened values, as JSON.
pub fn encode(input: &ProductInput) -> String {
    serde_json::to_string(&flatten(input)).unwrap_or_default()
}

pub fn decode(base: &str) -> Option<BTreeMap<String, String>> {
    serde_json::from_str(base).ok()
}

/// One field, three ways: `Ok(value)` to keep, or `Err(theirs)` when both changed it.
fn decide(base: Option<&String>, yours: &str, theirs: &str) -> Result<String, String> {
    let base = base.map(String::as_str).unwrap_or_default();
    if yours == theirs || theirs == base {
        Ok(yours.to_owned())
    } else if yours == base {
        Ok(theirs.to_owned())
    } else {
        Err(theirs.to_owned())
    }
}

/// Merges this person's input (`yours`, opened at `base`) with the stored product (`theirs`).
/// The result carries the stored version, so saving it again goes through.
pub fn merge(
    base: &BTreeMap<String, String>,
    yours: &ProductInput,
    theirs: &ProductInput,
) -> (ProductInput, Vec<FieldConflict>) {
    let mut merged = yours.clone();
    merged.version = theirs.version.clone();
    let mut conflicts = Vec::new();
    for (name, label) in FIELDS {
        let mine = field(yours, name);
        match decide(base.get(name), &mine, &field(theirs, name)) {
            Ok(value) => {
                if let Some(slot) = field_mut(&mut merged, name) {
                    if value != mine {
                        *slot = value;
                    }
                }
            }
            Err(other) => conflicts.push(FieldConflict {
                label: label.to_owned(),
                field: name,
                yours: mine,
                theirs: other,
            }),
        }
    }
    for row in &mut merged.variants {
        let Some(stored) = theirs.variants.iter().find(|v| v.key == row.key) else {
            continue;
        };
        if row.id.trim().is_empty() {
            // They created this variant since: it is the same row, not a second one.
            row.id = stored.id.clone();
        }
        for (name, label) in VARIANT_FIELDS {
            let mine = variant_field(row, name);
            let key = variant_key(&row.key, name);
            match decide(base.get(&key), &mine, &variant_field(stored, name)) {
                Ok(value) => set_variant_field(row, name, &value),
                Err(other) => conflicts.push(FieldConflict {
                    label: if row.key.is_empty() {
                        label.to_owned()
                    } else {
                        format!("{label} ({})", row.key)
                    },
                    field: name,
                    yours: mine,
                    theirs: other,
                }),
            }
        }
    }
    // Variants they added that this form never showed come along, unless this person removed
    // them on purpose (the row was in the base).
    for stored in &theirs.variants {
        let known = merged.variants.iter().any(|v| v.key == stored.key);
        let was_shown = base.contains_key(&variant_key(&stored.key, "sku"));
        if !known && !was_shown {
            merged.variants.push(stored.clone());
        }
    }
    (merged, conflicts)
}

/// What a merged stale save says: who saved, and what became of the two sets of changes.
pub fn merge_message(stale: &str, conflicts: usize) -> String {
    let who = stale.split(" after you opened it").next().unwrap_or(stale);
    if conflicts == 0 {
        format!(
            "{who} after you opened it. Their changes and yours are combined below, nothing \
             is saved yet: check and save."
        )
    } else {
        format!(
            "{who} after you opened it. Your changes are kept below and theirs are filled in; \
             you both changed {}, listed here with their value. Choose and save.",
            crate::domain::words::count(conflicts as i64, "field", "fields")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(title: &str, vendor: &str, tags: &str, price: &str) -> ProductInput {
        ProductInput {
            title: title.into(),
            vendor: vendor.into(),
            tags: tags.into(),
            status: "active".into(),
            version: "1".into(),
            variants: vec![VariantRow {
                id: "7".into(),
                price: price.into(),
                track_inventory: true,
                ..VariantRow::default()
            }],
            ..ProductInput::default()
        }
    }

    #[test]
    fn each_field_keeps_whoever_changed_it_and_both_changes_are_shown() {
        let opened = product("Linen shirt", "Harbour", "summer", "40.00");
        let base = decode(&encode(&opened)).unwrap();
        // You: a new title and price. They: a new vendor and price, and saved first.
        let yours = product("Linen shirt, washed", "Harbour", "summer", "42.00");
        let mut theirs = product("Linen shirt", "Harbour Mills", "summer", "45.00");
        theirs.version = "2".into();
        let (merged, conflicts) = merge(&base, &yours, &theirs);
        assert_eq!(merged.title, "Linen shirt, washed", "yours alone: kept");
        assert_eq!(merged.vendor, "Harbour Mills", "theirs alone: taken");
        assert_eq!(merged.tags, "summer");
        assert_eq!(merged.version, "2");
        assert_eq!(
            merged.variants[0].price, "42.00",
            "both: yours stays in the form"
        );
        assert_eq!(
            conflicts,
            vec![FieldConflict {
                label: "Price".into(),
                field: "price",
                yours: "42.00".into(),
                theirs: "45.00".into(),
            }]
        );
        // The same change on both sides is no conflict.
        let same = product("Linen shirt", "Harbour", "summer", "45.00");
        assert!(merge(&base, &same, &theirs).1.is_empty());
    }
}
