//! Planning an import: every row checked and compared with the catalog, nothing written. The
//! dry run shows the plan; applying plans the stored file again.
//!
//! The file is read as a stream of products, not held as a whole: a first pass notes where
//! each product's rows end (its handle's last row), and the second plans each product as soon
//! as that row is read and hands it to the caller, then lets its rows go. A file written a
//! product at a time (every export, Backroom's and Shopify's) keeps one product's rows in
//! memory; rows of one product scattered through the file are kept until its last one.

use std::collections::HashMap;
use std::rc::Rc;

use super::format::{COLUMNS, REQUIRED};
use super::models::{ImportPlan, Planned, Row, RowError, SkuRows};
use super::rows::plan_product;
use super::shopify::{column_for, is_shopify, translate};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::{categories, variants};
use crate::domain::ids::{CategoryId, ProductId};
use crate::domain::money::Currency;
use crate::domain::spreadsheet::{open_with_header, restore};
use crate::error::AppError;

/// The header read: where each of our columns is, and how the file names it.
struct Header {
    index: HashMap<&'static str, usize>,
    names: HashMap<&'static str, String>,
    shopify: bool,
    /// A Shopify export's columns with no place here.
    ignored: Vec<String>,
}

impl Header {
    fn read(headers: &csv::StringRecord) -> Result<Header, AppError> {
        let mut index: HashMap<&'static str, usize> = HashMap::new();
        let mut names: HashMap<&'static str, String> = HashMap::new();
        let mut unknown = Vec::new();
        let shopify = is_shopify(&headers.iter().collect::<Vec<_>>());
        let mut ignored = Vec::new();
        for (i, name) in headers.iter().enumerate() {
            if shopify {
                // Shopify's columns through the mapping; the rest (images, stock, markets…)
                // are listed as not imported. Of two that map alike ("Type", "Product Type"),
                // the first.
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
        Ok(Header {
            index,
            names,
            shopify,
            ignored,
        })
    }

    fn handle_at(&self) -> usize {
        self.index.get("handle").copied().unwrap_or(0)
    }
}

/// The product a record belongs to: its handle as typed, in lower case (handles are matched
/// without regard to case). Read from the record as the file has it, in both passes.
fn product_key(record: &csv::StringRecord, handle_at: usize) -> String {
    restore(record.get(handle_at).unwrap_or(""))
        .trim()
        .to_lowercase()
}

/// The first pass: the position (in record order) of each product's last record, and the row
/// each SKU first appears on.
fn first_pass(
    content: &str,
    header: &Header,
) -> Result<(HashMap<String, usize>, SkuRows), AppError> {
    let (mut reader, _) = open_with_header(content).map_err(AppError::Validation)?;
    let (handle_at, sku_at) = (header.handle_at(), header.index.get("sku").copied());
    let mut last = HashMap::new();
    let mut skus = SkuRows::default();
    for (position, record) in reader.records().enumerate() {
        let Ok(record) = record else { continue };
        let key = product_key(&record, handle_at);
        if key.is_empty() {
            continue;
        }
        let sku = sku_at.and_then(|i| record.get(i)).unwrap_or("");
        let sku = restore(sku).trim();
        if !sku.is_empty() {
            let line = record.position().map_or(0, |p| p.record() + 1);
            skus.note(sku.to_ascii_uppercase(), line);
        }
        last.insert(key, position);
    }
    Ok((last, skus))
}

/// Reads the file, checks every row and compares it with the catalog, handing each product to
/// create or update to `each` as it is planned (in the order their last rows come). Returns
/// the counts, the errors and what messages need. Writes nothing.
pub fn plan(
    conn: &mut DbConnection,
    content: &str,
    currency: &Currency,
    mut each: impl FnMut(Planned) -> Result<(), AppError>,
) -> Result<ImportPlan, AppError> {
    let (mut reader, headers) = open_with_header(content).map_err(AppError::Validation)?;
    let header = Header::read(&headers)?;
    let handle_at = header.handle_at();
    let (last, skus) = first_pass(content, &header)?;
    let mut plan = ImportPlan {
        shopify: header.shopify,
        ignored_columns: header.ignored,
        column_names: header.names,
        ..ImportPlan::default()
    };
    let category_ids: HashMap<String, CategoryId> = categories::table
        .select((categories::slug, categories::id))
        .load(conn)?
        .into_iter()
        .collect();
    plan.category_slugs = category_ids
        .iter()
        .map(|(slug, id)| (*id, slug.clone()))
        .collect();
    let mut products = Products {
        category_ids,
        skus,
        currency,
    };
    // Column positions, shared by every row: the file's, and ours (for translated rows).
    let columns = Rc::new(header.index.clone());
    let ours: Rc<HashMap<&'static str, usize>> =
        Rc::new(COLUMNS.iter().enumerate().map(|(i, c)| (*c, i)).collect());
    // Products whose last row is still to come: their handle as first written, and rows.
    let mut open: HashMap<String, (String, Vec<Row>)> = HashMap::new();
    for (position, record) in reader.records().enumerate() {
        plan.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                plan.errors.push(unreadable(&error, plan.rows));
                continue;
            }
        };
        // Rows as a spreadsheet numbers them (the header is row 1), whatever line breaks the
        // cells hold.
        let line = record
            .position()
            .map_or(plan.rows as u64 + 1, |p| p.record() + 1);
        let key = product_key(&record, handle_at);
        let row = if header.shopify {
            // Shopify's values rewritten into a record of Backroom's columns, in their order.
            let mut fields: HashMap<&'static str, String> = header
                .index
                .iter()
                .map(|(column, i)| (*column, restore(record.get(*i).unwrap_or("")).to_owned()))
                .collect();
            translate(&mut fields).then(|| {
                let cells = COLUMNS
                    .iter()
                    .map(|c| fields.get(c).map_or("", String::as_str));
                Row::new(line, csv::StringRecord::from_iter(cells), ours.clone())
            })
        } else {
            Some(Row::new(line, record, columns.clone()))
        };
        if let Some(row) = row {
            let handle = row.get("handle").trim().to_owned();
            if handle.is_empty() {
                let sku = row.get("sku").trim().to_owned();
                plan.records.insert(line, (String::new(), sku));
                plan.errors.push(RowError {
                    line,
                    message: "The handle is empty.".into(),
                });
            } else {
                open.entry(key.clone())
                    .or_insert_with(|| (handle, Vec::new()))
                    .1
                    .push(row);
            }
        }
        if last.get(&key) == Some(&position) {
            if let Some((handle, rows)) = open.remove(&key) {
                products.plan(conn, &handle, &rows, &mut plan, &mut each)?;
            }
        }
    }
    // Every product closes on its last row; this is for a record the two passes read apart.
    let mut left: Vec<(String, Vec<Row>)> = open.into_values().collect();
    left.sort_by_key(|(_, rows)| rows[0].line);
    for (handle, rows) in left {
        products.plan(conn, &handle, &rows, &mut plan, &mut each)?;
    }
    plan.errors.sort_by_key(|e| e.line);
    Ok(plan)
}

/// A record the CSV reader could not read, as the dry run says it.
fn unreadable(error: &csv::Error, rows: usize) -> RowError {
    let line = error.position().map_or(rows as u64 + 1, |p| p.record() + 1);
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("has {len} columns; the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
        _ => "could not be read (check the quotes)".to_owned(),
    };
    RowError {
        line,
        message: format!("The row {message}."),
    }
}

/// What planning one product needs from the rest of the file and the catalog.
struct Products<'a> {
    category_ids: HashMap<String, CategoryId>,
    skus: SkuRows,
    currency: &'a Currency,
}

impl Products<'_> {
    /// Plans one product from its rows, counts it and hands it on; names the rows it found
    /// errors on by handle and SKU.
    fn plan(
        &mut self,
        conn: &mut DbConnection,
        handle: &str,
        rows: &[Row],
        plan: &mut ImportPlan,
        each: &mut impl FnMut(Planned) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| r.get("sku").trim().to_ascii_uppercase())
            .filter(|k| !k.is_empty())
            .collect();
        let sku_owner: HashMap<String, ProductId> = variants::table
            .filter(variants::sku_key.eq_any(keys))
            .select((variants::sku_key, variants::product_id))
            .load(conn)?
            .into_iter()
            .collect();
        let errors_before = plan.errors.len();
        let planned = plan_product(
            conn,
            handle,
            rows,
            &self.category_ids,
            &sku_owner,
            &mut self.skus,
            self.currency,
            plan,
        )?;
        let error_lines: Vec<u64> = plan.errors[errors_before..]
            .iter()
            .map(|e| e.line)
            .collect();
        for line in error_lines {
            if let Some(row) = rows.iter().find(|r| r.line == line) {
                plan.records.entry(line).or_insert_with(|| {
                    (
                        row.get("handle").trim().to_owned(),
                        row.get("sku").trim().to_owned(),
                    )
                });
            }
        }
        let Some(planned) = planned else {
            return Ok(());
        };
        if planned.existing.is_none() {
            plan.creates += 1;
            plan.create_variants += planned.valid.variants.len();
        } else {
            plan.updates += 1;
        }
        each(planned)
    }
}
