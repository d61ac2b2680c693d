//! The catalog's CSV format, one row per variant, and the export. The columns round-trip:
//! exporting and importing the file again changes nothing.

use std::collections::HashMap;

use diesel::prelude::*;

use super::models::Planned;
use crate::catalog::domain::MAX_OPTIONS;
use crate::catalog::filter::ProductFilter;
use crate::catalog::models::{Product, Variant};
use crate::catalog::products::filtered;
use crate::db::DbConnection;
use crate::db::schema::{categories, products, variants};
use crate::domain::ids::{CategoryId, ProductId};
use crate::domain::money::{Currency, Money};
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;

/// The columns, in export order. Import needs the same names (any order).
pub const COLUMNS: [&str; 24] = [
    "handle",
    "title",
    "description",
    "status",
    "vendor",
    "product_type",
    "tags",
    "category",
    "seo_title",
    "seo_description",
    "option1_name",
    "option1_value",
    "option2_name",
    "option2_value",
    "option3_name",
    "option3_value",
    "sku",
    "barcode",
    "price",
    "compare_at_price",
    "cost",
    "weight_grams",
    "track_inventory",
    "allow_backorder",
];
/// The columns that describe the product rather than one variant: every row of one product
/// must agree on them (or leave them empty).
pub const PRODUCT_COLUMNS: [&str; 12] = [
    "title",
    "description",
    "status",
    "vendor",
    "product_type",
    "tags",
    "category",
    "seo_title",
    "seo_description",
    "option1_name",
    "option2_name",
    "option3_name",
];
pub const REQUIRED: [&str; 4] = ["handle", "title", "sku", "price"];
/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
const EXPORT_CHUNK: i64 = 500;

pub fn money_text(minor: Option<i64>, currency: &Currency) -> String {
    minor
        .map(|m| Money::from_minor(m, currency).input_value(currency))
        .unwrap_or_default()
}

/// Writes the catalog (or the filtered part) as CSV.
pub fn export(
    conn: &mut DbConnection,
    filter: &ProductFilter,
    currency: &Currency,
) -> Result<Vec<u8>, AppError> {
    let slugs: HashMap<CategoryId, String> = categories::table
        .select((categories::id, categories::slug))
        .load(conn)?
        .into_iter()
        .collect();
    let mut writer = SheetWriter::new();
    let csv_error = |e: csv::Error| AppError::Unexpected(format!("csv: {e}"));
    writer.text_row(COLUMNS).map_err(csv_error)?;
    let mut after = 0_i64;
    loop {
        let chunk: Vec<Product> = filtered(conn, filter)
            .filter(products::id.gt(after))
            .order(products::id.asc())
            .limit(EXPORT_CHUNK)
            .select(Product::as_select())
            .load(conn)?;
        let Some(last) = chunk.last() else { break };
        after = last.id.get();
        let ids: Vec<ProductId> = chunk.iter().map(|p| p.id).collect();
        let all: Vec<Variant> = variants::table
            .filter(variants::product_id.eq_any(ids))
            .order((
                variants::product_id.asc(),
                variants::position.asc(),
                variants::id.asc(),
            ))
            .select(Variant::as_select())
            .load(conn)?;
        let mut by_product: HashMap<ProductId, Vec<&Variant>> = HashMap::new();
        for variant in &all {
            by_product
                .entry(variant.product_id)
                .or_default()
                .push(variant);
        }
        for product in &chunk {
            let names = [
                &product.option1_name,
                &product.option2_name,
                &product.option3_name,
            ];
            for variant in by_product
                .get(&product.id)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                let values = [&variant.option1, &variant.option2, &variant.option3];
                let mut text: Vec<String> = vec![
                    product.handle.clone(),
                    product.title.clone(),
                    product.description.clone(),
                    product.status.as_str().to_owned(),
                    product.vendor.clone(),
                    product.product_type.clone(),
                    product.tags.clone(),
                    product
                        .category_id
                        .and_then(|c| slugs.get(&c).cloned())
                        .unwrap_or_default(),
                    product.seo_title.clone(),
                    product.seo_description.clone(),
                ];
                for i in 0..MAX_OPTIONS {
                    text.push(names[i].clone().unwrap_or_default());
                    text.push(values[i].clone().unwrap_or_default());
                }
                text.extend([
                    variant.sku.clone(),
                    variant.barcode.clone().unwrap_or_default(),
                ]);
                // Amounts, weights and flags are numbers: written as they are (a formula
                // prefix is for text).
                let numbers = [
                    money_text(Some(variant.price), currency),
                    money_text(variant.compare_at_price, currency),
                    money_text(variant.cost, currency),
                    variant
                        .weight_grams
                        .map(|w| w.to_string())
                        .unwrap_or_default(),
                    variant.track_inventory.to_string(),
                    variant.allow_backorder.to_string(),
                ];
                let record: Vec<Cell<'_>> = text
                    .iter()
                    .map(|t| Cell::Text(t))
                    .chain(numbers.iter().map(|n| Cell::Number(n)))
                    .collect();
                writer.row(&record).map_err(csv_error)?;
            }
        }
    }
    writer
        .into_bytes()
        .map_err(|e| AppError::Unexpected(format!("csv: {e}")))
}

/// Every change an import plan makes, a row per value: the full diff the dry run links to.
/// Written as the plan hands products over: the updates' values at once, the products to
/// create (a row each) after them.
pub struct ChangesCsv {
    writer: SheetWriter,
    /// Each new product's handle, title and variants.
    creates: Vec<(String, String, usize)>,
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::Unexpected(format!("csv: {e}"))
}

impl ChangesCsv {
    pub fn new() -> Result<ChangesCsv, AppError> {
        let mut writer = SheetWriter::new();
        writer
            .text_row(["handle", "title", "sku", "field", "before", "after"])
            .map_err(csv_error)?;
        Ok(ChangesCsv {
            writer,
            creates: Vec::new(),
        })
    }

    pub fn add(&mut self, planned: &Planned) -> Result<(), AppError> {
        let handle = planned
            .valid
            .handle
            .as_ref()
            .map(|h| h.as_str().to_owned())
            .unwrap_or_default();
        if planned.existing.is_none() {
            self.creates
                .push((handle, planned.title.clone(), planned.valid.variants.len()));
            return Ok(());
        }
        for change in &planned.changes {
            self.writer
                .text_row([
                    &handle,
                    &planned.title,
                    &change.sku,
                    &change.column,
                    &change.before,
                    &change.after,
                ])
                .map_err(csv_error)?;
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, AppError> {
        for (handle, title, variants) in &self.creates {
            let variants = variants.to_string();
            self.writer
                .text_row([handle, title, "", "new product", "", &variants])
                .map_err(csv_error)?;
        }
        self.writer
            .into_bytes()
            .map_err(|e| AppError::Unexpected(format!("csv: {e}")))
    }
}

/// A file to start from: the columns, and one product with two sizes that shows how options,
/// variants and the product's own columns (given on its first row) are written.
pub fn template() -> String {
    let mut out = COLUMNS.join(",");
    out.push('\n');
    out.push_str("linen-shirt,Linen shirt,\"Washed linen, relaxed fit.\",draft,Harbour Mills,Shirt,\"linen, summer\",,,,Size,S,,,,,LS-S,,45.00,55.00,18.00,220,true,false\n");
    out.push_str("linen-shirt,,,,,,,,,,Size,M,,,,,LS-M,,45.00,55.00,18.00,240,true,false\n");
    out
}
