//! The product form as posted: the product's [`ProductInput`] plus what only the form has
//! (the confirmation to delete variants, and the "update variants" action).

use std::collections::HashMap;

use super::input::{ProductInput, VariantRow};
use crate::catalog::domain::MAX_VARIANTS;
use crate::domain::ids::ImageId;

#[derive(Debug, Clone, Default)]
pub struct ProductForm {
    pub input: ProductInput,
    /// The merchant confirmed deleting the variants whose combination is gone.
    pub confirm_removal: bool,
    /// "variants": only regenerate the variant rows and show the form again.
    pub action: String,
    /// Alt text typed under each image (`alt_{image id}`), saved with the product.
    pub image_alts: Vec<(ImageId, String)>,
    /// The values the form showed when it was opened (`merge::encode`), to merge a stale save.
    pub base: String,
}

impl ProductForm {
    /// Reads the submitted fields. Variant rows come as `v{i}_{field}`.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ProductForm {
        let mut fields: HashMap<String, String> = HashMap::with_capacity(pairs.len());
        let mut image_alts = Vec::new();
        for (name, value) in pairs {
            if let Some(id) = name.strip_prefix("alt_").and_then(|id| id.parse().ok()) {
                image_alts.push((id, value));
                continue;
            }
            fields.entry(name).or_insert(value);
        }
        let mut take = |name: &str| fields.remove(name).unwrap_or_default();
        let mut input = ProductInput {
            title: take("title"),
            handle: take("handle"),
            description: take("description"),
            status: take("status"),
            vendor: take("vendor"),
            product_type: take("product_type"),
            tags: take("tags"),
            category_id: take("category_id"),
            seo_title: take("seo_title"),
            seo_description: take("seo_description"),
            version: take("version"),
            ..ProductInput::default()
        };
        let confirm_removal = !take("confirm_removal").is_empty();
        let action = take("action");
        let base = take("base");
        for (i, option) in input.options.iter_mut().enumerate() {
            option.name = take(&format!("option{}_name", i + 1));
            option.values = take(&format!("option{}_values", i + 1));
        }
        for i in 0..=MAX_VARIANTS {
            let prefix = format!("v{i}_");
            if !fields.contains_key(&format!("{prefix}present")) {
                break;
            }
            let mut get = |field: &str| {
                fields
                    .remove(&format!("{prefix}{field}"))
                    .unwrap_or_default()
            };
            input.variants.push(VariantRow {
                key: get("key"),
                id: get("id"),
                sku: get("sku"),
                barcode: get("barcode"),
                price: get("price"),
                compare_at: get("compare_at"),
                cost: get("cost"),
                weight: get("weight"),
                track_inventory: !get("track").is_empty(),
                allow_backorder: !get("backorder").is_empty(),
            });
        }
        ProductForm {
            input,
            confirm_removal,
            action,
            image_alts,
            base,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::money::Currency;

    #[test]
    fn submitted_pairs_are_read_into_rows() {
        let pairs = vec![
            ("title".into(), "Mug".into()),
            ("status".into(), "active".into()),
            ("v0_present".into(), "1".into()),
            ("v0_sku".into(), "MUG-1".into()),
            ("v0_price".into(), "9".into()),
            ("v0_track".into(), "on".into()),
            ("v5_present".into(), "1".into()),
        ];
        let form = ProductForm::from_pairs(pairs);
        assert_eq!(form.input.variants.len(), 1, "rows stop at the first gap");
        assert!(form.input.variants[0].track_inventory);
        let valid = form
            .input
            .parse(
                &Currency::from_code("USD").unwrap(),
                crate::shop::WeightUnit::Grams,
            )
            .unwrap();
        assert_eq!(valid.variants[0].sku.as_ref().unwrap().as_str(), "MUG-1");
    }
}
