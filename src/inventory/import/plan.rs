//! Checking an inventory file: read it, load what its rows name, check every row. Writes
//! nothing; the dry run shows the plan and storing it is the next step.

use std::collections::HashMap;

use diesel::prelude::*;

use super::format::Positions;
use super::models::{RowError, StockPlan};
use super::rows::{
    Importer, Known, KnownLevel, KnownLocation, KnownReason, KnownSupplier, KnownVariant, check_row,
};
use crate::db::schema::{
    locations, stock_levels, stock_reasons, suppliers, variant_suppliers, variants,
};
use crate::db::{DbConnection, id_in};
use crate::domain::ids::{LocationId, ReasonId, SupplierId, VariantId};
use crate::error::AppError;
use crate::inventory::stock::Reorder;

/// A level as loaded: variant, location, on hand, committed, reorder point and quantity.
type LevelRow = (VariantId, LocationId, i64, i64, Option<i64>, Option<i64>);

/// SKUs (or variants) looked up per query.
const LOOKUP_CHUNK: usize = 500;

/// Checks the file; `Validation` when it can't be read as an inventory file at all.
pub fn plan(
    conn: &mut DbConnection,
    content: &str,
    importer: &Importer,
) -> Result<StockPlan, AppError> {
    let (mut reader, header) =
        crate::domain::spreadsheet::open_with_header(content).map_err(AppError::Validation)?;
    let (columns, _read_only) = Positions::from_header(&header).map_err(AppError::Validation)?;
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row 1 is the header; a spreadsheet counts a multi-line cell as one row.
        let row = i as u64 + 2;
        match record {
            Ok(record) => records.push((row, record)),
            Err(e) => {
                return Err(AppError::Validation(format!(
                    "Row {row} could not be read: {}. Every row needs as many cells as the header.",
                    short_csv_error(&e)
                )));
            }
        }
    }
    let skus: Vec<String> = records
        .iter()
        .map(|(_, r)| columns.cell(r, "sku").to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    let known = load_known(conn, skus)?;
    let mut plan = StockPlan {
        rows: records.len(),
        ..StockPlan::default()
    };
    let mut seen: HashMap<(VariantId, LocationId), u64> = HashMap::new();
    // A variant has one default supplier: the first row that changes it decides, and later
    // rows (its other locations) must agree.
    let mut suppliers_set: HashMap<VariantId, (u64, Option<(SupplierId, String)>)> = HashMap::new();
    for (row, record) in &records {
        match check_row(*row, record, &columns, &known, importer) {
            Ok(mut line) => {
                if let Some(planned) = line.as_mut() {
                    if let Some(after) = planned.supplier_after.clone() {
                        match suppliers_set.get(&planned.variant) {
                            Some((_, same)) if *same == after => planned.supplier_after = None,
                            Some((first, _)) => {
                                plan.errors.push(RowError {
                                    row: *row,
                                    sku: planned.sku.clone(),
                                    message: format!(
                                        "Row {first} gives this variant another supplier: a \
                                         variant has one default supplier, whatever the location."
                                    ),
                                });
                                continue;
                            }
                            None => {
                                suppliers_set.insert(planned.variant, (*row, after));
                            }
                        }
                    }
                }
                let line = line.filter(|l| {
                    l.change != 0 || l.reorder_after.is_some() || l.supplier_after.is_some()
                });
                let key = line.as_ref().map(|l| (l.variant, l.location)).or_else(|| {
                    // An unchanged row still takes its level: a second row for it is an error.
                    let sku = columns.cell(record, "sku").to_ascii_uppercase();
                    let code = columns.cell(record, "location");
                    let variant = known.variants.get(&sku)?;
                    let location = known
                        .locations
                        .iter()
                        .find(|l| l.code.eq_ignore_ascii_case(code))?;
                    Some((variant.id, location.id))
                });
                if let Some(key) = key {
                    if let Some(first) = seen.insert(key, *row) {
                        plan.errors.push(RowError {
                            row: *row,
                            sku: columns.cell(record, "sku").to_owned(),
                            message: format!(
                                "This SKU and location are on row {first} too: give each level one row."
                            ),
                        });
                        continue;
                    }
                }
                match line {
                    Some(line) => plan.lines.push(line),
                    None => plan.unchanged += 1,
                }
            }
            Err(error) => plan.errors.push(error),
        }
    }
    Ok(plan)
}

fn short_csv_error(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("it has {len} cells where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "it is not UTF-8 text".into(),
        _ => error.to_string(),
    }
}

/// The variants the file names (by SKU in capitals), every location, the active reasons and
/// the levels of those variants.
fn load_known(conn: &mut DbConnection, mut skus: Vec<String>) -> Result<Known, AppError> {
    skus.sort_unstable();
    skus.dedup();
    let mut known = Known::default();
    for chunk in skus.chunks(LOOKUP_CHUNK) {
        let found: Vec<(VariantId, String, String, bool, bool)> = variants::table
            .filter(variants::sku_key.eq_any(chunk))
            .select((
                variants::id,
                variants::sku,
                variants::sku_key,
                variants::track_inventory,
                variants::allow_backorder,
            ))
            .load(conn)?;
        for (id, sku, key, tracked, backorders) in found {
            known.variants.insert(
                key,
                KnownVariant {
                    id,
                    sku,
                    tracked,
                    backorders,
                },
            );
        }
    }
    known.locations = locations::table
        .order(locations::id.asc())
        .select((locations::id, locations::code, locations::active))
        .load::<(LocationId, String, bool)>(conn)?
        .into_iter()
        .map(|(id, code, active)| KnownLocation { id, code, active })
        .collect();
    known.reasons = stock_reasons::table
        .filter(stock_reasons::active.eq(true))
        .order((stock_reasons::position.asc(), stock_reasons::id.asc()))
        .select((
            stock_reasons::id,
            stock_reasons::code,
            stock_reasons::label,
            stock_reasons::needs_note,
        ))
        .load::<(ReasonId, String, String, bool)>(conn)?
        .into_iter()
        .map(|(id, code, label, needs_note)| KnownReason {
            id,
            code,
            label,
            needs_note,
        })
        .collect();
    known.suppliers = suppliers::table
        .order(suppliers::id.asc())
        .select((suppliers::id, suppliers::name))
        .load::<(SupplierId, String)>(conn)?
        .into_iter()
        .map(|(id, name)| KnownSupplier { id, name })
        .collect();
    let ids: Vec<VariantId> = known.variants.values().map(|v| v.id).collect();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        let defaults: Vec<(VariantId, SupplierId, String)> = variant_suppliers::table
            .filter(id_in(variant_suppliers::variant_id, chunk))
            .select((
                variant_suppliers::variant_id,
                variant_suppliers::supplier_id,
                variant_suppliers::supplier_sku,
            ))
            .load(conn)?;
        for (variant, supplier, code) in defaults {
            known.defaults.insert(variant, (supplier, code));
        }
    }
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        let levels: Vec<LevelRow> = stock_levels::table
            .filter(id_in(stock_levels::variant_id, chunk))
            .select((
                stock_levels::variant_id,
                stock_levels::location_id,
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::reorder_point,
                stock_levels::reorder_quantity,
            ))
            .load(conn)?;
        for (variant, location, on_hand, committed, point, quantity) in levels {
            known.levels.insert(
                (variant, location),
                KnownLevel {
                    on_hand,
                    committed,
                    reorder: Reorder { point, quantity },
                },
            );
        }
    }
    Ok(known)
}
