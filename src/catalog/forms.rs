//! The product form: raw strings as typed (including one row per variant), the variant matrix
//! kept in step with the options, and parsing into checked values with per-field and per-row
//! errors.

use std::collections::{BTreeMap, HashMap};

use crate::catalog::domain::{
    self, Handle, MAX_OPTIONS, MAX_VARIANTS, ProductOption, ProductStatus, Sku, combination_key,
    parse_barcode, parse_option, parse_tags, variant_matrix,
};
use crate::catalog::models::{Product, Variant};
use crate::domain::money::{Currency, Money};
use crate::web::forms::{FormErrors, text_field};

#[derive(Debug, Clone, Default)]
pub struct OptionRow {
    pub name: String,
    pub values: String,
}

#[derive(Debug, Clone, Default)]
pub struct VariantRow {
    /// The combination, "Blue / M"; empty for the default variant.
    pub key: String,
    /// The existing variant's id; empty for a new one.
    pub id: String,
    pub sku: String,
    pub barcode: String,
    pub price: String,
    pub compare_at: String,
    pub cost: String,
    pub weight: String,
    pub track_inventory: bool,
    pub allow_backorder: bool,
}

/// The product form as typed.
#[derive(Debug, Clone, Default)]
pub struct ProductForm {
    pub title: String,
    pub handle: String,
    pub description: String,
    pub status: String,
    pub vendor: String,
    pub product_type: String,
    pub tags: String,
    pub category_id: String,
    pub seo_title: String,
    pub seo_description: String,
    pub options: [OptionRow; MAX_OPTIONS],
    pub variants: Vec<VariantRow>,
    pub version: String,
    pub confirm_removal: bool,
    /// "variants": only regenerate the variant rows and show the form again.
    pub action: String,
}

/// Errors of a product form: per field, and per variant row (aligned with `variants`).
#[derive(Debug, Clone, Default)]
pub struct ProductErrors {
    pub fields: FormErrors,
    pub rows: Vec<BTreeMap<&'static str, String>>,
}

impl ProductErrors {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.rows.iter().all(BTreeMap::is_empty)
    }

    /// The error of one row's field (takes the index by value or reference, as templates pass it).
    pub fn row(&self, index: impl std::borrow::Borrow<usize>, field: &str) -> Option<&str> {
        self.rows
            .get(*index.borrow())
            .and_then(|r| r.get(field))
            .map(String::as_str)
    }

    pub fn add_row(&mut self, index: usize, field: &'static str, message: impl Into<String>) {
        if self.rows.len() <= index {
            self.rows.resize(index + 1, BTreeMap::new());
        }
        self.rows[index]
            .entry(field)
            .or_insert_with(|| message.into());
    }

    pub fn count(&self) -> usize {
        self.fields.len() + self.rows.iter().map(BTreeMap::len).sum::<usize>()
    }
}

/// One variant, checked.
#[derive(Debug, Clone)]
pub struct ValidVariant {
    pub id: Option<i64>,
    pub values: Vec<String>,
    /// `None`: generate one from the handle and the values.
    pub sku: Option<Sku>,
    pub barcode: Option<String>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub cost: Option<Money>,
    pub weight_grams: Option<i64>,
    pub track_inventory: bool,
    pub allow_backorder: bool,
}

/// A product, checked.
#[derive(Debug, Clone)]
pub struct ValidProduct {
    pub title: String,
    /// `None`: generate one from the title.
    pub handle: Option<Handle>,
    pub description: String,
    pub status: ProductStatus,
    pub vendor: String,
    pub product_type: String,
    pub tags: Vec<String>,
    pub category_id: Option<i64>,
    pub seo_title: String,
    pub seo_description: String,
    pub options: Vec<ProductOption>,
    pub variants: Vec<ValidVariant>,
    pub version: Option<i64>,
}

fn money_text(minor: Option<i64>, currency: &Currency) -> String {
    minor
        .map(|m| Money::from_minor(m, currency).input_value(currency))
        .unwrap_or_default()
}

impl ProductForm {
    /// An empty form: a draft with one default variant.
    pub fn blank() -> ProductForm {
        ProductForm {
            status: ProductStatus::Draft.as_str().into(),
            variants: vec![VariantRow {
                track_inventory: true,
                ..VariantRow::default()
            }],
            ..ProductForm::default()
        }
    }

    /// The form for an existing product.
    pub fn from_product(
        product: &Product,
        variants: &[Variant],
        currency: &Currency,
    ) -> ProductForm {
        let names = [
            &product.option1_name,
            &product.option2_name,
            &product.option3_name,
        ];
        let mut options: [OptionRow; MAX_OPTIONS] = Default::default();
        for (i, name) in names.iter().enumerate() {
            if let Some(name) = name {
                let mut values: Vec<String> = Vec::new();
                for variant in variants {
                    if let Some(value) = variant.values().get(i) {
                        if !values.contains(value) {
                            values.push(value.clone());
                        }
                    }
                }
                options[i] = OptionRow {
                    name: name.clone(),
                    values: values.join(", "),
                };
            }
        }
        ProductForm {
            title: product.title.clone(),
            handle: product.handle.clone(),
            description: product.description.clone(),
            status: product.status.clone(),
            vendor: product.vendor.clone(),
            product_type: product.product_type.clone(),
            tags: product.tags.clone(),
            category_id: product
                .category_id
                .map(|c| c.to_string())
                .unwrap_or_default(),
            seo_title: product.seo_title.clone(),
            seo_description: product.seo_description.clone(),
            options,
            variants: variants
                .iter()
                .map(|v| VariantRow {
                    key: combination_key(&v.values()),
                    id: v.id.to_string(),
                    sku: v.sku.clone(),
                    barcode: v.barcode.clone().unwrap_or_default(),
                    price: money_text(Some(v.price), currency),
                    compare_at: money_text(v.compare_at_price, currency),
                    cost: money_text(v.cost, currency),
                    weight: v.weight_grams.map(|w| w.to_string()).unwrap_or_default(),
                    track_inventory: v.track_inventory,
                    allow_backorder: v.allow_backorder,
                })
                .collect(),
            version: product.version.to_string(),
            confirm_removal: false,
            action: String::new(),
        }
    }

    /// Reads the submitted fields. Variant rows come as `v{i}_{field}`.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> ProductForm {
        let mut fields: HashMap<String, String> = HashMap::with_capacity(pairs.len());
        for (name, value) in pairs {
            fields.entry(name).or_insert(value);
        }
        let mut take = |name: &str| fields.remove(name).unwrap_or_default();
        let mut form = ProductForm {
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
            confirm_removal: !take("confirm_removal").is_empty(),
            action: take("action"),
            ..ProductForm::default()
        };
        for (i, option) in form.options.iter_mut().enumerate() {
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
            form.variants.push(VariantRow {
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
        form
    }

    /// The options as typed, checked; errors go on `option{n}` fields.
    fn parsed_options(&self, errors: &mut FormErrors) -> Vec<ProductOption> {
        const FIELDS: [&str; MAX_OPTIONS] = ["option1", "option2", "option3"];
        let mut options = Vec::new();
        for (i, row) in self.options.iter().enumerate() {
            match parse_option(&row.name, &row.values) {
                Ok(Some(option)) => {
                    if options
                        .iter()
                        .any(|o: &ProductOption| o.name.eq_ignore_ascii_case(&option.name))
                    {
                        errors.add(
                            FIELDS[i],
                            format!("There is already an option named {}.", option.name),
                        );
                    } else {
                        options.push(option);
                    }
                }
                Ok(None) => {}
                Err(message) => errors.add(FIELDS[i], message),
            }
        }
        options
    }

    /// Rebuilds the variant rows from the options: rows of combinations that stay keep what was
    /// typed, new combinations get a row (price copied from the first row), and existing
    /// variants whose combination is gone are returned so the merchant can confirm deleting them.
    pub fn regenerate_variants(&mut self) -> Result<Vec<VariantRow>, FormErrors> {
        let mut errors = FormErrors::new();
        let options = self.parsed_options(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let matrix = variant_matrix(&options).map_err(|message| {
            let mut errors = FormErrors::new();
            errors.add("option1", message);
            errors
        })?;
        let template_price = self
            .variants
            .first()
            .map(|v| v.price.clone())
            .unwrap_or_default();
        let mut by_key: HashMap<String, VariantRow> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for row in self.variants.drain(..) {
            order.push(row.key.clone());
            by_key.entry(row.key.clone()).or_insert(row);
        }
        // A product going from no options to options keeps its default variant as the first
        // combination, so its SKU and history stay.
        let mut default_row = if matrix.first().is_some_and(|c| !c.is_empty()) {
            by_key.remove("")
        } else {
            None
        };
        let mut rows = Vec::with_capacity(matrix.len());
        for combination in &matrix {
            let key = combination_key(combination);
            let row = match by_key.remove(&key) {
                Some(row) => row,
                None => match default_row.take() {
                    Some(mut row) => {
                        row.key = key;
                        row
                    }
                    None => VariantRow {
                        key,
                        price: template_price.clone(),
                        track_inventory: true,
                        ..VariantRow::default()
                    },
                },
            };
            rows.push(row);
        }
        self.variants = rows;
        let removed = order
            .into_iter()
            .filter_map(|k| by_key.remove(&k))
            .filter(|row| !row.id.is_empty())
            .collect();
        Ok(removed)
    }

    /// Checks everything; on success the values are ready to save.
    pub fn parse(&self, currency: &Currency) -> Result<ValidProduct, ProductErrors> {
        self.parse_with(currency, true)
    }

    /// As [`ProductForm::parse`]; `full_matrix` false accepts any distinct subset of the
    /// combinations (a CSV file may list only the variants that exist).
    pub fn parse_with(
        &self,
        currency: &Currency,
        full_matrix: bool,
    ) -> Result<ValidProduct, ProductErrors> {
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
            id => match id.parse::<i64>() {
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
                w => match w.parse::<i64>() {
                    Ok(g) if (0..=1_000_000).contains(&g) => Some(g),
                    _ => {
                        errors.add_row(
                            i,
                            "weight",
                            "Enter the weight in whole grams, up to 1,000,000.",
                        );
                        None
                    }
                },
            };
            if let Some(price) = price {
                variants.push(ValidVariant {
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
            Some(status) if errors.is_empty() => Ok(ValidProduct {
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

    /// The option names, for the variant table's header.
    pub fn option_names(&self) -> Vec<String> {
        self.options
            .iter()
            .map(|o| o.name.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect()
    }
}

/// "enter an amount" → "Enter an amount."
pub fn sentence(message: &str) -> String {
    let mut text = message.to_owned();
    if let Some(first) = text.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    if !text.ends_with('.') {
        text.push('.');
    }
    text
}

/// Domain re-export for templates.
pub use domain::ProductStatus as Status;

#[cfg(test)]
mod tests {
    use super::*;

    fn usd() -> Currency {
        Currency::from_code("USD").unwrap()
    }

    fn form_with(options: &[(&str, &str)]) -> ProductForm {
        let mut form = ProductForm::blank();
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
        let valid = form.parse(&usd()).unwrap();
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
        let errors = form.parse(&usd()).unwrap_err();
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
        let errors = form.parse(&usd()).unwrap_err();
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
        assert_eq!(form.variants.len(), 1, "rows stop at the first gap");
        assert!(form.variants[0].track_inventory);
        let valid = form.parse(&usd()).unwrap();
        assert_eq!(valid.variants[0].sku.as_ref().unwrap().as_str(), "MUG-1");
    }
}
