//! One product's rows of the file: turned into a [`ProductInput`] (the product form's raw
//! input), parsed, and compared with the product as it is.

use std::collections::{HashMap, HashSet};

use super::diff::{DiffContext, product_changes};
use super::format::{PRODUCT_COLUMNS, money_text};
use super::models::{ImportPlan, Planned, Row, RowError, SkuRows, parse_bool};
use crate::catalog::domain::{MAX_OPTIONS, ProductStatus, combination_key};
use crate::catalog::models::Variant;
use crate::catalog::products::{OptionRow, ProductInput, VariantRow};
use crate::catalog::products::{find_by_handle, variants_of};
use crate::db::DbConnection;
use crate::domain::ids::{CategoryId, ProductId};
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::shop::WeightUnit;

/// Plans one product from its rows: the product to create or update, or none when it is
/// unchanged (counted in `plan`) or its rows have errors (added to `plan`).
#[allow(clippy::too_many_arguments)]
pub fn plan_product(
    conn: &mut DbConnection,
    handle: &str,
    rows: &[Row],
    category_ids: &HashMap<String, CategoryId>,
    sku_owner: &HashMap<String, ProductId>,
    skus: &mut SkuRows,
    currency: &Currency,
    plan: &mut ImportPlan,
) -> Result<Option<Planned>, AppError> {
    let first = &rows[0];
    let errors_before = plan.errors.len();
    for row in &rows[1..] {
        for column in PRODUCT_COLUMNS {
            let value = row.get(column);
            if !value.is_empty() && value != first.get(column) {
                let message = format!(
                    "{} differs from row {} of the same product ({handle}).",
                    plan.column(column),
                    first.line
                );
                plan.errors.push(RowError {
                    line: row.line,
                    message,
                });
            }
        }
    }
    let existing = find_by_handle(conn, handle)?;
    let existing_variants = match &existing {
        Some(p) => variants_of(conn, p.id)?,
        None => Vec::new(),
    };
    let own: HashMap<String, &Variant> = existing_variants
        .iter()
        .map(|v| (v.sku_key.clone(), v))
        .collect();
    let category_id = match first.get("category").trim() {
        "" => String::new(),
        slug => match category_ids.get(slug) {
            Some(id) => id.to_string(),
            None => {
                plan.errors.push(RowError {
                    line: first.line,
                    message: format!("There is no category with the slug \"{slug}\"."),
                });
                String::new()
            }
        },
    };
    let mut options: [OptionRow; MAX_OPTIONS] = Default::default();
    let mut variant_rows = Vec::new();
    let mut lines = Vec::new();
    let mut file_keys = HashSet::new();
    for row in rows {
        let sku = row.get("sku").trim().to_owned();
        let key = sku.to_ascii_uppercase();
        if sku.is_empty() {
            plan.errors.push(RowError {
                line: row.line,
                message: "The SKU is empty; import matches variants by SKU.".into(),
            });
            continue;
        }
        if let Some(line) = skus.earlier(&key, row.line) {
            plan.errors.push(RowError {
                line: row.line,
                message: format!("SKU {sku} also appears on row {line}."),
            });
            continue;
        }
        if let Some(owner) = sku_owner.get(&key) {
            if existing.as_ref().is_none_or(|p| p.id != *owner) {
                plan.errors.push(RowError {
                    line: row.line,
                    message: format!("SKU {sku} belongs to another product (not {handle})."),
                });
                continue;
            }
        }
        let mut values = Vec::new();
        for (i, option) in options.iter_mut().enumerate() {
            let name = first
                .get(&format!("option{}_name", i + 1))
                .trim()
                .to_owned();
            let value = row.get(&format!("option{}_value", i + 1)).trim().to_owned();
            if name.is_empty() {
                continue;
            }
            option.name = name;
            if value.is_empty() {
                plan.errors.push(RowError {
                    line: row.line,
                    message: format!("The value of {} is empty.", option.name),
                });
            }
            if !option.values.split(',').any(|v| v.trim() == value) {
                if !option.values.is_empty() {
                    option.values.push_str(", ");
                }
                option.values.push_str(&value);
            }
            values.push(value);
        }
        let (track, backorder) = match (
            parse_bool(row.get("track_inventory"), true),
            parse_bool(row.get("allow_backorder"), false),
        ) {
            (Ok(t), Ok(b)) => (t, b),
            (Err(m), _) | (_, Err(m)) => {
                let message = format!(
                    "{} / {}: {m}.",
                    plan.column("track_inventory"),
                    plan.column("allow_backorder")
                );
                plan.errors.push(RowError {
                    line: row.line,
                    message,
                });
                continue;
            }
        };
        file_keys.insert(key.clone());
        variant_rows.push(VariantRow {
            key: combination_key(&values),
            id: own.get(&key).map(|v| v.id.to_string()).unwrap_or_default(),
            sku,
            barcode: row.get("barcode").to_owned(),
            price: row.get("price").to_owned(),
            compare_at: row.get("compare_at_price").to_owned(),
            cost: row.get("cost").to_owned(),
            weight: row.get("weight_grams").to_owned(),
            track_inventory: track,
            allow_backorder: backorder,
        });
        lines.push(row.line);
    }
    // Variants of the product that the file does not mention stay as they are.
    for variant in &existing_variants {
        if !file_keys.contains(&variant.sku_key) {
            variant_rows.push(VariantRow {
                key: combination_key(&variant.values()),
                id: variant.id.to_string(),
                sku: variant.sku.clone(),
                barcode: variant.barcode.clone().unwrap_or_default(),
                price: money_text(Some(variant.price), currency),
                compare_at: money_text(variant.compare_at_price, currency),
                cost: money_text(variant.cost, currency),
                weight: variant
                    .weight_grams
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
                track_inventory: variant.track_inventory,
                allow_backorder: variant.allow_backorder,
            });
            lines.push(first.line);
        }
    }
    if plan.errors.len() > errors_before {
        return Ok(None);
    }
    let status = match first.get("status").trim() {
        "" => ProductStatus::Draft.as_str().to_owned(),
        s => s.to_owned(),
    };
    let form = ProductInput {
        title: first.get("title").to_owned(),
        handle: handle.to_owned(),
        description: first.get("description").to_owned(),
        status,
        vendor: first.get("vendor").to_owned(),
        product_type: first.get("product_type").to_owned(),
        tags: first.get("tags").to_owned(),
        category_id,
        seo_title: first.get("seo_title").to_owned(),
        seo_description: first.get("seo_description").to_owned(),
        options,
        variants: variant_rows,
        version: existing
            .as_ref()
            .map(|p| p.version.to_string())
            .unwrap_or_default(),
    };
    match form.parse_with(currency, WeightUnit::Grams, false) {
        Err(errors) => {
            for (field, message) in errors.fields.iter() {
                let message = format!("{}: {message}", plan.column(field));
                plan.errors.push(RowError {
                    line: first.line,
                    message,
                });
            }
            for (i, row_errors) in errors.rows.iter().enumerate() {
                for (field, message) in row_errors {
                    let message = format!("{}: {message}", plan.column(field));
                    plan.errors.push(RowError {
                        line: lines.get(i).copied().unwrap_or(first.line),
                        message,
                    });
                }
            }
            Ok(None)
        }
        Ok(valid) => match &existing {
            None => Ok(Some(Planned {
                existing: None,
                title: valid.title.clone(),
                valid,
                changes: Vec::new(),
            })),
            Some(product) => {
                let column = |c: &str| plan.column(c);
                let context = DiffContext {
                    currency,
                    category_slugs: &plan.category_slugs,
                    column: &column,
                };
                let changes = product_changes(product, &existing_variants, &valid, &context);
                if changes.is_empty() {
                    plan.unchanged += 1;
                    return Ok(None);
                }
                Ok(Some(Planned {
                    existing: Some(product.id),
                    title: valid.title.clone(),
                    valid,
                    changes,
                }))
            }
        },
    }
}
