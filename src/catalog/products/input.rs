//! A product as typed — raw strings, one row per variant — shared by the product form and the
//! CSV import; the variant matrix kept in step with the options. Parsing into a checked
//! [`NewProduct`](super::models::NewProduct) is in `parse.rs`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::catalog::domain::{
    MAX_OPTIONS, ProductOption, ProductStatus, combination_key, parse_option, variant_matrix,
};
use crate::catalog::models::{Product, Variant};
use crate::domain::money::{Currency, Money};
use crate::domain::problems::FieldErrors;
use crate::shop::WeightUnit;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OptionRow {
    pub name: String,
    pub values: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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

/// A product as typed, every value a raw string: what the product form and a CSV row give.
/// Serialisable: an import's change set keeps each product as it was, to undo the import.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ProductInput {
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
}

/// Errors of a product input: per field, and per variant row (aligned with `variants`).
#[derive(Debug, Clone, Default)]
pub struct ProductErrors {
    pub fields: FieldErrors,
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

fn money_text(minor: Option<i64>, currency: &Currency) -> String {
    minor
        .map(|m| Money::from_minor(m, currency).input_value(currency))
        .unwrap_or_default()
}

impl ProductInput {
    /// An empty product: a draft with one default variant.
    pub fn blank() -> ProductInput {
        ProductInput {
            status: ProductStatus::Draft.as_str().into(),
            variants: vec![VariantRow {
                track_inventory: true,
                ..VariantRow::default()
            }],
            ..ProductInput::default()
        }
    }

    /// The input that shows an existing product.
    pub fn from_product(
        product: &Product,
        variants: &[Variant],
        currency: &Currency,
        weight_unit: WeightUnit,
    ) -> ProductInput {
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
        ProductInput {
            title: product.title.clone(),
            handle: product.handle.clone(),
            description: product.description.clone(),
            status: product.status.as_str().to_owned(),
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
                    weight: v
                        .weight_grams
                        .map(|w| weight_unit.show(w))
                        .unwrap_or_default(),
                    track_inventory: v.track_inventory,
                    allow_backorder: v.allow_backorder,
                })
                .collect(),
            version: product.version.to_string(),
        }
    }

    /// The options as typed, checked; errors go on `option{n}` fields.
    pub(super) fn parsed_options(&self, errors: &mut FieldErrors) -> Vec<ProductOption> {
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
    pub fn regenerate_variants(&mut self) -> Result<Vec<VariantRow>, FieldErrors> {
        let mut errors = FieldErrors::new();
        let options = self.parsed_options(&mut errors);
        if !errors.is_empty() {
            return Err(errors);
        }
        let matrix = variant_matrix(&options).map_err(|message| {
            let mut errors = FieldErrors::new();
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
