//! Planning an import: the file read, every row checked and compared with the catalog, nothing
//! written. The dry run shows the plan; applying plans the stored file again.

use std::collections::HashMap;

use super::format::{COLUMNS, REQUIRED};
use super::models::{ImportPlan, Row, RowError};
use super::rows::plan_product;
use super::shopify::{column_for, is_shopify, translate};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{categories, variants};
use crate::domain::ids::{CategoryId, ProductId};
use crate::domain::money::Currency;
use crate::domain::spreadsheet::restore;
use crate::error::AppError;

/// Reads the file, checks every row and compares it with the catalog. Writes nothing.
pub fn plan(
    conn: &mut DbConnection,
    content: &str,
    currency: &Currency,
) -> Result<ImportPlan, AppError> {
    let (mut reader, headers) =
        crate::domain::spreadsheet::open_with_header(content).map_err(AppError::Validation)?;
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut names: HashMap<&'static str, String> = HashMap::new();
    let mut unknown = Vec::new();
    let shopify = is_shopify(&headers.iter().collect::<Vec<_>>());
    let mut ignored = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        if shopify {
            // Shopify's columns through the mapping; the rest (images, stock, markets…) are
            // listed as not imported. Of two that map alike ("Type", "Product Type"), the first.
            match column_for(name) {
                Some(column) if !index.contains_key(column) => {
                    names.insert(column, name.trim().to_owned());
                    index.insert(column, i);
                }
                _ => ignored.push(name.trim().to_owned()),
            }
            continue;
        }
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name.trim())) {
            Some(column) => {
                names.insert(*column, name.trim().to_owned());
                if index.insert(column, i).is_some() {
                    return Err(AppError::Validation(format!(
                        "The column \"{column}\" appears twice."
                    )));
                }
            }
            None => unknown.push(name.to_owned()),
        }
    }
    if !unknown.is_empty() {
        return Err(AppError::Validation(format!(
            "Unknown column{}: {}. The columns are: {}.",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", "),
            COLUMNS.join(", ")
        )));
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(AppError::Validation(format!(
            "Required column{} missing: {}.",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", ")
        )));
    }

    let mut plan = ImportPlan {
        column_names: names,
        shopify,
        ignored_columns: ignored,
        ..ImportPlan::default()
    };
    // Column positions, shared by every row: the file's, and ours (for translated rows).
    let columns = std::rc::Rc::new(index.clone());
    let ours: std::rc::Rc<HashMap<&'static str, usize>> =
        std::rc::Rc::new(COLUMNS.iter().enumerate().map(|(i, c)| (*c, i)).collect());
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        plan.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                // Rows as a spreadsheet numbers them (the header is row 1), whatever line breaks
                // the cells hold.
                let line = error
                    .position()
                    .map_or(plan.rows as u64 + 1, |p| p.record() + 1);
                let message = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("has {len} columns; the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
                    _ => "could not be read (check the quotes)".to_owned(),
                };
                plan.errors.push(RowError {
                    line,
                    message: format!("The row {message}."),
                });
                continue;
            }
        };
        let line = record
            .position()
            .map_or(plan.rows as u64 + 1, |p| p.record() + 1);
        let row = if shopify {
            // Shopify's values rewritten into a record of Backroom's columns, in their order.
            let mut fields: HashMap<&'static str, String> = index
                .iter()
                .map(|(column, i)| (*column, restore(record.get(*i).unwrap_or("")).to_owned()))
                .collect();
            if !translate(&mut fields) {
                continue;
            }
            let cells = COLUMNS
                .iter()
                .map(|c| fields.get(c).map_or("", String::as_str));
            Row::new(line, csv::StringRecord::from_iter(cells), ours.clone())
        } else {
            Row::new(line, record, columns.clone())
        };
        plan.records.insert(
            line,
            (
                row.get("handle").trim().to_owned(),
                row.get("sku").trim().to_owned(),
            ),
        );
        let handle = row.get("handle").trim().to_owned();
        if handle.is_empty() {
            plan.errors.push(RowError {
                line,
                message: "The handle is empty.".into(),
            });
            continue;
        }
        let key = handle.to_lowercase();
        let at = *group_of.entry(key).or_insert_with(|| {
            groups.push((handle.clone(), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(row);
    }

    let category_ids: HashMap<String, CategoryId> = categories::table
        .select((categories::slug, categories::id))
        .load(conn)?
        .into_iter()
        .collect();
    plan.category_slugs = category_ids
        .iter()
        .map(|(slug, id)| (*id, slug.clone()))
        .collect();
    let mut sku_owner: HashMap<String, ProductId> = HashMap::new();
    for (_, rows) in &groups {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| r.get("sku").trim().to_ascii_uppercase())
            .filter(|k| !k.is_empty())
            .collect();
        let owners: Vec<(String, ProductId)> = variants::table
            .filter(variants::sku_key.eq_any(keys))
            .select((variants::sku_key, variants::product_id))
            .load(conn)?;
        sku_owner.extend(owners);
    }
    let mut seen_skus: HashMap<String, u64> = HashMap::new();
    for (handle, rows) in groups {
        plan_product(
            conn,
            &handle,
            &rows,
            &category_ids,
            &sku_owner,
            &mut seen_skus,
            currency,
            &mut plan,
        )?;
    }
    plan.errors.sort_by_key(|e| e.line);
    // Only the rows with errors are named later: the rest of the index is let go.
    let error_lines: std::collections::HashSet<u64> = plan.errors.iter().map(|e| e.line).collect();
    plan.records.retain(|line, _| error_lines.contains(line));
    plan.records.shrink_to_fit();
    Ok(plan)
}
