//! Parsing a [`ProductInput`] into a checked [`NewProduct`], with per-field and per-row errors.

use std::collections::HashMap;

use super::input::{ProductErrors, ProductInput, sentence};
use super::models::{NewProduct, NewVariant};
use crate::catalog::domain::{
    Handle, ProductStatus, Sku, combination_key, parse_barcode, parse_tags, variant_matrix,
};
use crate::domain::ids::CategoryId;
use crate::domain::money::{Currency, Money};
use crate::shop::WeightUnit;
use crate::web::forms::text_field;

impl ProductInput {
    /// Checks everything; on success the values are ready to save.
    pub fn parse(
        &self,
        currency: &Currency,
        weight: WeightUnit,
    ) -> Result<NewProduct, ProductErrors> {
        self.parse_with(currency, weight, true)
    }

    /// As [`ProductInput::parse`]; `full_matrix` false accepts any distinct subset of the
    /// combinations (a CSV file may list only the variants that exist).
    pub fn parse_with(
        &self,
        currency: &Currency,
        weight_unit: WeightUnit,
        full_matrix: bool,
    ) -> Result<NewProduct, ProductErrors> {
        let mut errors = ProductErrors::default();
        let fields = &mut errors.fields;
        let title = text_field(fields, "title", &self.title, "a title", 255, true);
        let handle = if self.handle.trim().is_empty() {
            None
        } else {
            Handle::parse(&self.handle)
                .map_err(|m| fields.add("handle", m))
                .ok()
        };
        let description = text_field(
            fields,
            "description",
            &self.description,
            "a description",
            20_000,
            false,
        );
        let status = ProductStatus::parse(&self.status);
        if status.is_none() {
            fields.add("status", "Choose a status.");
        }
        let vendor = text_field(fields, "vendor", &self.vendor, "a vendor", 100, false);
        let product_type = text_field(
            fields,
            "product_type",
            &self.product_type,
            "a type",
            100,
            false,
        );
        let tags = parse_tags(&self.tags)
            .map_err(|m| fields.add("tags", m))
            .unwrap_or_default();
        let category_id = match self.category_id.trim() {
            "" => None,
            id => match id.parse::<CategoryId>() {
                Ok(id) => Some(id),
                Err(_) => {
                    fields.add("category_id", "Choose a category from the list.");
                    None
                }
            },
        };
        let seo_title = text_field(
            fields,
            "seo_title",
            &self.seo_title,
            "an SEO title",
            70,
            false,
        );
        let seo_description = text_field(
            fields,
            "seo_description",
            &self.seo_description,
            "an SEO description",
            320,
            false,
        );
        let options = self.parsed_options(fields);
        let version = match self.version.trim() {
            "" => None,
            v => v.parse().ok(),
        };

        // The rows must be exactly the option matrix (the form regenerates them otherwise).
        let expected: Vec<String> = variant_matrix(&options)
            .unwrap_or_default()
            .iter()
            .map(|c| combination_key(c))
            .collect();
        let posted: Vec<&str> = self.variants.iter().map(|v| v.key.as_str()).collect();
        let mismatch = if full_matrix {
            expected != posted
        } else {
            let unique: std::collections::HashSet<&str> = posted.iter().copied().collect();
            unique.len() != posted.len() || posted.iter().any(|k| !expected.iter().any(|e| e == k))
        };
        if errors.fields.is_empty() && mismatch {
            errors.fields.add(
                "variants",
                "The variants don't match the options. Choose \"Update variants\" and review them.",
            );
        }
        let mut variants = Vec::with_capacity(self.variants.len());
        for (i, row) in self.variants.iter().enumerate() {
            let sku = if row.sku.trim().is_empty() {
                None
            } else {
                Sku::parse(&row.sku)
                    .map_err(|m| errors.add_row(i, "sku", m))
                    .ok()
            };
            let barcode = parse_barcode(&row.barcode)
                .map_err(|m| errors.add_row(i, "barcode", m))
                .ok()
                .flatten();
            let price = Money::parse(&row.price, currency)
                .map_err(|e| errors.add_row(i, "price", sentence(&e.to_string())))
                .ok();
            let optional_money = |text: &str| -> Result<Option<Money>, String> {
                if text.trim().is_empty() {
                    Ok(None)
                } else {
                    Money::parse(text, currency)
                        .map(Some)
                        .map_err(|e| sentence(&e.to_string()))
                }
            };
            let compare_at = optional_money(&row.compare_at)
                .map_err(|m| errors.add_row(i, "compare_at", m))
                .ok()
                .flatten();
            let cost = optional_money(&row.cost)
                .map_err(|m| errors.add_row(i, "cost", m))
                .ok()
                .flatten();
            let weight_grams = match row.weight.trim() {
                "" => None,
                typed => weight_unit
                    .to_grams(typed)
                    .map_err(|m| errors.add_row(i, "weight", m))
                    .ok(),
            };
            if let Some(price) = price {
                variants.push(NewVariant {
                    id: row.id.trim().parse().ok(),
                    values: if row.key.is_empty() {
                        Vec::new()
                    } else {
                        row.key.split(" / ").map(str::to_owned).collect()
                    },
                    sku,
                    barcode,
                    price,
                    compare_at,
                    cost,
                    weight_grams,
                    track_inventory: row.track_inventory,
                    allow_backorder: row.allow_backorder,
                });
            }
        }
        // The same SKU or barcode twice in one form.
        let mut seen_skus: HashMap<String, usize> = HashMap::new();
        let mut seen_barcodes: HashMap<String, usize> = HashMap::new();
        for (i, row) in self.variants.iter().enumerate() {
            let sku = row.sku.trim().to_ascii_uppercase();
            if !sku.is_empty() && seen_skus.insert(sku, i).is_some() {
                errors.add_row(i, "sku", "This SKU is used by another variant above.");
            }
            let barcode = row.barcode.trim().to_owned();
            if !barcode.is_empty() && seen_barcodes.insert(barcode, i).is_some() {
                errors.add_row(
                    i,
                    "barcode",
                    "This barcode is used by another variant above.",
                );
            }
        }
        match status {
            Some(status) if errors.is_empty() => Ok(NewProduct {
                title,
                handle,
                description,
                status,
                vendor,
                product_type,
                tags,
                category_id,
                seo_title,
                seo_description,
                options,
                variants,
                version,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::input::OptionRow;
    use super::*;

    fn usd() -> Currency {
        Currency::from_code("USD").unwrap()
    }

    fn form_with(options: &[(&str, &str)]) -> ProductInput {
        let mut form = ProductInput::blank();
        form.title = "Linen Shirt".into();
        form.variants[0].price = "45.00".into();
        for (i, (name, values)) in options.iter().enumerate() {
            form.options[i] = OptionRow {
                name: (*name).into(),
                values: (*values).into(),
            };
        }
        form
    }

    #[test]
    fn adding_option_values_adds_variant_rows_with_the_first_price() {
        let mut form = form_with(&[("Size", "S, M"), ("Colour", "Blue, Sand")]);
        let removed = form.regenerate_variants().unwrap();
        assert!(removed.is_empty());
        let keys: Vec<_> = form.variants.iter().map(|v| v.key.as_str()).collect();
        assert_eq!(keys, vec!["S / Blue", "S / Sand", "M / Blue", "M / Sand"]);
        assert!(form.variants.iter().all(|v| v.price == "45.00"));
        let valid = form.parse(&usd(), WeightUnit::Grams).unwrap();
        assert_eq!(valid.variants.len(), 4);
        assert_eq!(valid.variants[3].values, vec!["M", "Sand"]);
    }

    #[test]
    fn removing_a_value_reports_the_existing_variants_that_would_go() {
        let mut form = form_with(&[("Size", "S, M")]);
        form.regenerate_variants().unwrap();
        form.variants[0].id = "10".into();
        form.variants[1].id = "11".into();
        form.variants[1].sku = "SHIRT-M".into();
        form.options[0].values = "S".into();
        let removed = form.regenerate_variants().unwrap();
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].sku, "SHIRT-M");
        assert_eq!(form.variants.len(), 1);
        assert_eq!(form.variants[0].id, "10");
    }

    #[test]
    fn rows_that_do_not_match_the_options_are_refused() {
        let form = form_with(&[("Size", "S, M")]);
        let errors = form.parse(&usd(), WeightUnit::Grams).unwrap_err();
        assert!(errors.fields.has("variants"));
    }

    #[test]
    fn bad_variant_values_are_reported_per_row() {
        let mut form = form_with(&[("Size", "S, M")]);
        form.regenerate_variants().unwrap();
        form.variants[0].price = "-1".into();
        form.variants[1].price = "12.345".into();
        form.variants[1].weight = "heavy".into();
        form.variants[0].sku = "DUP".into();
        form.variants[1].sku = "dup".into();
        let errors = form.parse(&usd(), WeightUnit::Grams).unwrap_err();
        assert_eq!(
            errors.row(0, "price"),
            Some("The amount cannot be negative.")
        );
        assert_eq!(
            errors.row(1, "price"),
            Some("Use at most 2 decimal places.")
        );
        assert!(errors.row(1, "weight").is_some());
        assert!(errors.row(1, "sku").is_some());
    }
}
