//! CSV export and import of the catalog, one row per variant. The columns round-trip: exporting
//! and importing the file again changes nothing. Import is two steps: a dry run that reports what
//! would be created, updated or left alone and every row error with its line number, then — only
//! on confirmation — applying it, in chunks with progress and resume ([`super::import_jobs`]).

use std::collections::{HashMap, HashSet};

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use futures_util::StreamExt;

use crate::app::AppState;
use crate::auth::Actor;
use crate::catalog::CatalogState;
use crate::catalog::domain::{MAX_OPTIONS, ProductStatus, combination_key};
use crate::catalog::filter::{ListParams, ProductFilter};
use crate::catalog::models::{Product, Variant};
use crate::catalog::products::{NewProduct, OptionRow, ProductInput, VariantRow};
use crate::catalog::products::{filtered, find_by_handle, variants_of};
use crate::db::schema::{catalog_imports, categories, products, variants};
use crate::db::{self, DbConnection};
use crate::domain::money::{Currency, Money};
use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

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
const REQUIRED: [&str; 4] = ["handle", "title", "sku", "price"];
/// Largest file accepted.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
const EXPORT_CHUNK: i64 = 500;

fn money_text(minor: Option<i64>, currency: &Currency) -> String {
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
    let slugs: HashMap<i64, String> = categories::table
        .select((categories::id, categories::slug))
        .load(conn)?
        .into_iter()
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let csv_error = |e: csv::Error| AppError::Unexpected(format!("csv: {e}"));
    writer.write_record(COLUMNS).map_err(csv_error)?;
    let mut after = 0_i64;
    loop {
        let chunk: Vec<Product> = filtered(conn, filter)
            .filter(products::id.gt(after))
            .order(products::id.asc())
            .limit(EXPORT_CHUNK)
            .select(Product::as_select())
            .load(conn)?;
        let Some(last) = chunk.last() else { break };
        after = last.id;
        let ids: Vec<i64> = chunk.iter().map(|p| p.id).collect();
        let all: Vec<Variant> = variants::table
            .filter(variants::product_id.eq_any(ids))
            .order((
                variants::product_id.asc(),
                variants::position.asc(),
                variants::id.asc(),
            ))
            .select(Variant::as_select())
            .load(conn)?;
        let mut by_product: HashMap<i64, Vec<&Variant>> = HashMap::new();
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
                let mut record: Vec<String> = vec![
                    product.handle.clone(),
                    product.title.clone(),
                    product.description.clone(),
                    product.status.clone(),
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
                    record.push(names[i].clone().unwrap_or_default());
                    record.push(values[i].clone().unwrap_or_default());
                }
                record.extend([
                    variant.sku.clone(),
                    variant.barcode.clone().unwrap_or_default(),
                    money_text(Some(variant.price), currency),
                    money_text(variant.compare_at_price, currency),
                    money_text(variant.cost, currency),
                    variant
                        .weight_grams
                        .map(|w| w.to_string())
                        .unwrap_or_default(),
                    variant.track_inventory.to_string(),
                    variant.allow_backorder.to_string(),
                ]);
                writer.write_record(&record).map_err(csv_error)?;
            }
        }
    }
    writer
        .into_inner()
        .map_err(|e| AppError::Unexpected(format!("csv: {e}")))
}

/// `GET /admin/products/export.csv?<list filters>`
pub async fn export_products(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let filter = ProductFilter::from_params(&params, &facets);
    let currency = shell.shop.currency.clone();
    let body = db::run(&state.pool, move |conn| export(conn, &filter, &currency)).await?;
    let name = format!("products-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M"));
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

/// A problem with one line of the file (line 1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// One product the import would create or update.
#[derive(Debug, Clone)]
pub struct Planned {
    pub existing: Option<i64>,
    pub title: String,
    pub valid: NewProduct,
}

/// What an import would do.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub rows: usize,
    pub creates: Vec<Planned>,
    pub updates: Vec<Planned>,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
}

impl ImportPlan {
    pub fn variant_rows(&self, planned: &[Planned]) -> usize {
        planned.iter().map(|p| p.valid.variants.len()).sum()
    }
}

struct Row {
    line: u64,
    fields: HashMap<&'static str, String>,
}

impl Row {
    fn get(&self, column: &str) -> &str {
        self.fields.get(column).map(String::as_str).unwrap_or("")
    }
}

fn parse_bool(text: &str, default: bool) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        other => Err(format!("\"{other}\" is not true or false")),
    }
}

/// Reads the file, checks every row and compares it with the catalog. Writes nothing.
pub fn plan(
    conn: &mut DbConnection,
    content: &str,
    currency: &Currency,
) -> Result<ImportPlan, AppError> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(content.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            AppError::Validation(format!(
                "The first line could not be read as CSV column names ({e})."
            ))
        })?
        .clone();
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut unknown = Vec::new();
    for (i, name) in headers.iter().enumerate() {
        match COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name.trim())) {
            Some(column) => {
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

    let mut plan = ImportPlan::default();
    let mut groups: Vec<(String, Vec<Row>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        plan.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(plan.rows as u64 + 1, |p| p.line());
                let message = match error.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("has {len} columns; the header has {expected_len}"),
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8 text".to_owned(),
                    _ => "could not be read (check the quotes)".to_owned(),
                };
                plan.errors.push(RowError {
                    line,
                    message: format!("The line {message}."),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let fields: HashMap<&'static str, String> = index
            .iter()
            .map(|(column, i)| (*column, record.get(*i).unwrap_or("").to_owned()))
            .collect();
        let row = Row { line, fields };
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

    let category_ids: HashMap<String, i64> = categories::table
        .select((categories::slug, categories::id))
        .load(conn)?
        .into_iter()
        .collect();
    let mut sku_owner: HashMap<String, i64> = HashMap::new();
    for (_, rows) in &groups {
        let keys: Vec<String> = rows
            .iter()
            .map(|r| r.get("sku").trim().to_ascii_uppercase())
            .filter(|k| !k.is_empty())
            .collect();
        let owners: Vec<(String, i64)> = variants::table
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
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
fn plan_product(
    conn: &mut DbConnection,
    handle: &str,
    rows: &[Row],
    category_ids: &HashMap<String, i64>,
    sku_owner: &HashMap<String, i64>,
    seen_skus: &mut HashMap<String, u64>,
    currency: &Currency,
    plan: &mut ImportPlan,
) -> Result<(), AppError> {
    let first = &rows[0];
    let errors_before = plan.errors.len();
    let product_columns = [
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
    for row in &rows[1..] {
        for column in product_columns {
            let value = row.get(column);
            if !value.is_empty() && value != first.get(column) {
                plan.errors.push(RowError {
                    line: row.line,
                    message: format!(
                        "{column} differs from line {} of the same product ({handle}).",
                        first.line
                    ),
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
        if let Some(line) = seen_skus.insert(key.clone(), row.line) {
            plan.errors.push(RowError {
                line: row.line,
                message: format!("SKU {sku} also appears on line {line}."),
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
                plan.errors.push(RowError {
                    line: row.line,
                    message: format!("track_inventory / allow_backorder: {m}."),
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
        return Ok(());
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
    match form.parse_with(currency, false) {
        Err(errors) => {
            for (field, message) in errors.fields.iter() {
                plan.errors.push(RowError {
                    line: first.line,
                    message: format!("{field}: {message}"),
                });
            }
            for (i, row_errors) in errors.rows.iter().enumerate() {
                for (field, message) in row_errors {
                    plan.errors.push(RowError {
                        line: lines.get(i).copied().unwrap_or(first.line),
                        message: format!("{field}: {message}"),
                    });
                }
            }
        }
        Ok(valid) => {
            let planned = Planned {
                existing: existing.as_ref().map(|p| p.id),
                title: valid.title.clone(),
                valid,
            };
            match &existing {
                None => plan.creates.push(planned),
                Some(product) if changes(product, &existing_variants, &planned.valid, currency) => {
                    plan.updates.push(planned)
                }
                Some(_) => plan.unchanged += 1,
            }
        }
    }
    Ok(())
}

/// True when saving `valid` would change the product or one of its variants.
fn changes(
    product: &Product,
    variants: &[Variant],
    valid: &NewProduct,
    currency: &Currency,
) -> bool {
    let minor = |m: Option<Money>| m.and_then(|m| m.to_minor(currency).ok());
    let names: Vec<String> = valid.options.iter().map(|o| o.name.clone()).collect();
    let product_changed = product.title != valid.title
        || product.handle
            != valid
                .handle
                .as_ref()
                .map(|h| h.as_str().to_owned())
                .unwrap_or_default()
        || product.description != valid.description
        || product.status != valid.status.as_str()
        || product.vendor != valid.vendor
        || product.product_type != valid.product_type
        || product.tags != valid.tags.join(", ")
        || product.category_id != valid.category_id
        || product.seo_title != valid.seo_title
        || product.seo_description != valid.seo_description
        || product.option_names() != names
        || variants.len() != valid.variants.len();
    product_changed
        || valid.variants.iter().any(|v| {
            let Some(current) = v.id.and_then(|id| variants.iter().find(|c| c.id == id)) else {
                return true;
            };
            current.sku
                != v.sku
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default()
                || current.barcode != v.barcode
                || current.values() != v.values
                || Some(current.price) != minor(Some(v.price))
                || current.compare_at_price != minor(v.compare_at)
                || current.cost != minor(v.cost)
                || current.weight_grams != v.weight_grams
                || current.track_inventory != v.track_inventory
                || current.allow_backorder != v.allow_backorder
        })
}

#[derive(Template)]
#[template(path = "catalog/import.html")]
pub struct ImportPage {
    pub shell: Shell,
    pub columns: &'static [&'static str],
    pub error: Option<String>,
    pub max_mb: usize,
}

#[derive(Template)]
#[template(path = "catalog/import_result.html")]
pub struct ImportResultPage {
    pub shell: Shell,
    pub import_id: i64,
    pub file_name: String,
    pub rows: usize,
    pub creates: usize,
    pub create_variants: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    pub hidden_errors: usize,
}

/// `GET /admin/products/import`
pub async fn import_form(shell: Shell) -> Result<HttpResponse, AppError> {
    render(
        StatusCode::OK,
        &ImportPage {
            shell,
            columns: &COLUMNS,
            error: None,
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        },
    )
}

fn import_error(
    shell: Shell,
    status: StatusCode,
    message: String,
) -> Result<HttpResponse, AppError> {
    render(
        status,
        &ImportPage {
            shell,
            columns: &COLUMNS,
            error: Some(message),
            max_mb: MAX_FILE_BYTES / 1024 / 1024,
        },
    )
}

/// `POST /admin/products/import` (multipart, field `file`): stores the file and shows the dry run.
pub async fn dry_run_import(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = payload.next().await {
        let Ok(mut field) = field else {
            return import_error(
                shell,
                StatusCode::BAD_REQUEST,
                "The upload could not be read. Choose the file again.".into(),
            );
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("upload.csv")
            .chars()
            .take(200)
            .collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                return import_error(
                    shell,
                    StatusCode::BAD_REQUEST,
                    "The upload was interrupted. Choose the file again.".into(),
                );
            };
            if bytes.len() + chunk.len() > MAX_FILE_BYTES {
                return import_error(
                    shell,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "The file is larger than {} MB. Split it into smaller files.",
                        MAX_FILE_BYTES / 1024 / 1024
                    ),
                );
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((name, bytes));
    }
    let Some((file_name, bytes)) = file else {
        return import_error(
            shell,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a CSV file to import.".into(),
        );
    };
    let Ok(content) = String::from_utf8(bytes) else {
        return import_error(
            shell,
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\" and try again.".into(),
        );
    };
    if content.trim().is_empty() {
        return import_error(
            shell,
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is empty.".into(),
        );
    }
    let currency = shell.shop.currency.clone();
    let staff_id = actor.staff_id;
    let stored_name = file_name.clone();
    let outcome = db::run(&state.pool, move |conn| {
        let plan = match plan(conn, &content, &currency) {
            Ok(plan) => plan,
            Err(AppError::Validation(message)) => return Ok(Err(message)),
            Err(other) => return Err(other),
        };
        let id: i64 = db::write(conn, |c| {
            Ok(diesel::insert_into(catalog_imports::table)
                .values((
                    catalog_imports::staff_id.eq(staff_id),
                    catalog_imports::file_name.eq(&stored_name),
                    catalog_imports::content.eq(&content),
                    catalog_imports::created_at.eq(db::now()),
                ))
                .returning(catalog_imports::id)
                .get_result(c)?)
        })?;
        Ok(Ok((id, plan)))
    })
    .await?;
    let (import_id, plan) = match outcome {
        Ok(result) => result,
        Err(message) => return import_error(shell, StatusCode::UNPROCESSABLE_ENTITY, message),
    };
    let status = if plan.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let hidden_errors = plan.errors.len().saturating_sub(500);
    let mut errors = plan.errors.clone();
    errors.truncate(500);
    render(
        status,
        &ImportResultPage {
            shell,
            import_id,
            file_name,
            rows: plan.rows,
            create_variants: plan.variant_rows(&plan.creates),
            creates: plan.creates.len(),
            updates: plan.updates.len(),
            unchanged: plan.unchanged,
            errors,
            hidden_errors,
        },
    )
}
