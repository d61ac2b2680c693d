//! Bulk edits: choose products (ticked rows, or everything matching the list filter), choose an
//! operation and preview every change (before → after). Applying and reverting the change set
//! is in [`super::change_sets`].

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::auth::Actor;
use crate::catalog::CatalogState;
use crate::catalog::domain::{ProductStatus, parse_tags};
use crate::catalog::facets::CategoryEntry;
use crate::catalog::filter::{ListParams, ProductFilter};
use crate::catalog::products::{matching_ids, refresh_derived};
use crate::db::schema::{products, variants};
use crate::db::{self, DbConnection};
use crate::domain::money::{Currency, Money};
use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

/// The most products one change set may touch.
pub const MAX_PRODUCTS: i64 = 10_000;
/// Rows shown in a preview; the rest are counted.
const PREVIEW_ROWS: usize = 200;

/// The bulk form as posted: the selection, the operation and its value.
#[derive(Debug, Clone, Default)]
pub struct BulkForm {
    /// "selected" (the `ids`) or "all" (everything matching `filter`).
    pub scope: String,
    pub ids: Vec<String>,
    /// The list's query string.
    pub filter: String,
    pub operation: String,
    pub value: String,
}

/// One product's state in the fields a bulk edit can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub status: String,
    pub tags: String,
    pub category_id: Option<i64>,
    pub vendor: String,
    /// (variant id, price in minor units)
    pub prices: Vec<(i64, i64)>,
}

impl BulkForm {
    /// Reads the posted pairs (`ids` repeats, which serde_urlencoded cannot collect).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> BulkForm {
        let mut form = BulkForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "scope" => form.scope = value,
                "ids" if form.ids.len() < MAX_PRODUCTS as usize => form.ids.push(value),
                "filter" => form.filter = value,
                "operation" => form.operation = value,
                "value" => form.value = value,
                _ => {}
            }
        }
        form
    }
}

#[derive(Debug, Clone)]
pub enum Operation {
    SetStatus(ProductStatus),
    AddTag(String),
    RemoveTag(String),
    SetCategory(Option<i64>),
    SetVendor(String),
    PricePercent(Decimal),
    PriceAmount(Money),
    PriceSet(Money),
}

pub const OPERATIONS: [(&str, &str); 9] = [
    ("status", "Set status (draft, active, archived)"),
    ("archive", "Archive"),
    ("add_tag", "Add a tag"),
    ("remove_tag", "Remove a tag"),
    ("category", "Set category (category id, or empty for none)"),
    ("vendor", "Set vendor"),
    (
        "price_percent",
        "Change prices by a percentage (-10 for 10% off)",
    ),
    ("price_amount", "Change prices by an amount (-5 for 5 less)"),
    ("price_set", "Set prices to an amount"),
];

impl Operation {
    pub fn parse(
        operation: &str,
        value: &str,
        currency: &Currency,
        categories: &[CategoryEntry],
    ) -> Result<Operation, String> {
        let value = value.trim();
        match operation {
            "status" => ProductStatus::parse(value)
                .map(Operation::SetStatus)
                .ok_or_else(|| "Enter draft, active or archived.".into()),
            "archive" => Ok(Operation::SetStatus(ProductStatus::Archived)),
            "add_tag" | "remove_tag" => {
                let tags = parse_tags(value)?;
                let [tag] = tags.as_slice() else {
                    return Err("Enter one tag.".into());
                };
                Ok(if operation == "add_tag" {
                    Operation::AddTag(tag.clone())
                } else {
                    Operation::RemoveTag(tag.clone())
                })
            }
            "category" => match value {
                "" => Ok(Operation::SetCategory(None)),
                v => {
                    let by_id = v
                        .parse::<i64>()
                        .ok()
                        .filter(|id| categories.iter().any(|c| c.id == *id));
                    let by_path = categories
                        .iter()
                        .find(|c| c.path.eq_ignore_ascii_case(v) || c.name.eq_ignore_ascii_case(v))
                        .map(|c| c.id);
                    by_id
                        .or(by_path)
                        .map(|id| Operation::SetCategory(Some(id)))
                        .ok_or_else(|| "Choose a category from the list.".into())
                }
            },
            "vendor" => {
                if value.chars().count() > 100 {
                    return Err("Use at most 100 characters.".into());
                }
                Ok(Operation::SetVendor(value.to_owned()))
            }
            "price_percent" => {
                let percent: Decimal = value
                    .trim_end_matches('%')
                    .trim()
                    .parse()
                    .map_err(|_| "Enter a percentage such as -10 or 5.".to_owned())?;
                if percent <= Decimal::from(-100) || percent > Decimal::from(1000) {
                    return Err("Enter a percentage above -100 and up to 1000.".into());
                }
                Ok(Operation::PricePercent(percent))
            }
            "price_amount" => Money::parse_signed(value, currency)
                .map(Operation::PriceAmount)
                .map_err(|e| crate::catalog::products::sentence(&e.to_string())),
            "price_set" => Money::parse(value, currency)
                .map(Operation::PriceSet)
                .map_err(|e| crate::catalog::products::sentence(&e.to_string())),
            _ => Err("Choose an edit.".into()),
        }
    }

    pub fn describe(&self, currency: &Currency, categories: &[CategoryEntry]) -> String {
        match self {
            Operation::SetStatus(status) => format!("Set status to {}", status.label()),
            Operation::AddTag(tag) => format!("Add tag \"{tag}\""),
            Operation::RemoveTag(tag) => format!("Remove tag \"{tag}\""),
            Operation::SetCategory(None) => "Remove the category".into(),
            Operation::SetCategory(Some(id)) => {
                format!(
                    "Set category to {}",
                    categories
                        .iter()
                        .find(|c| c.id == *id)
                        .map_or("?", |c| c.path.as_str())
                )
            }
            Operation::SetVendor(vendor) => format!("Set vendor to \"{vendor}\""),
            Operation::PricePercent(p) => format!("Change prices by {p}%"),
            Operation::PriceAmount(m) => format!("Change prices by {}", m.format(currency)),
            Operation::PriceSet(m) => format!("Set prices to {}", m.format(currency)),
        }
    }

    /// The fields after the operation, or why it cannot apply to this product.
    pub fn apply(&self, before: &Fields, currency: &Currency) -> Result<Fields, String> {
        let mut after = before.clone();
        let reprice = |after: &mut Fields,
                       change: &dyn Fn(Money) -> Result<Money, String>|
         -> Result<(), String> {
            for (_, price) in after.prices.iter_mut() {
                let new = change(Money::from_minor(*price, currency))?;
                if new.is_negative() {
                    return Err("a price would fall below zero".into());
                }
                *price = new.to_minor(currency).map_err(|e| e.to_string())?;
            }
            Ok(())
        };
        match self {
            Operation::SetStatus(status) => after.status = status.as_str().to_owned(),
            Operation::AddTag(tag) => {
                let mut tags = parse_tags(&before.tags).unwrap_or_default();
                if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                    tags.push(tag.clone());
                }
                if tags.len() > crate::catalog::domain::MAX_TAGS {
                    return Err("the product would have too many tags".into());
                }
                after.tags = tags.join(", ");
            }
            Operation::RemoveTag(tag) => {
                let tags: Vec<String> = parse_tags(&before.tags)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|t| t.to_lowercase() != tag.to_lowercase())
                    .collect();
                after.tags = tags.join(", ");
            }
            Operation::SetCategory(category) => after.category_id = *category,
            Operation::SetVendor(vendor) => after.vendor = vendor.clone(),
            Operation::PricePercent(percent) => reprice(&mut after, &|m: Money| {
                Money::round(
                    m.amount() * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED,
                    currency,
                )
                .map_err(|e| e.to_string())
            })?,
            Operation::PriceAmount(amount) => reprice(&mut after, &|m: Money| {
                m.checked_add(*amount).map_err(|e| e.to_string())
            })?,
            Operation::PriceSet(amount) => reprice(&mut after, &|_| Ok(*amount))?,
        }
        Ok(after)
    }
}

/// One product in a preview or a change set.
pub struct Change {
    pub product_id: i64,
    pub title: String,
    pub before: Fields,
    pub after: Result<Fields, String>,
}

impl Change {
    pub fn changes_anything(&self) -> bool {
        self.after.as_ref().is_ok_and(|a| *a != self.before)
    }
}

pub(crate) fn selection(
    conn: &mut DbConnection,
    form: &BulkForm,
    facets: &crate::catalog::facets::Facets,
) -> Result<Vec<i64>, AppError> {
    if form.scope == "all" {
        let params: ListParams = serde_urlencoded::from_str(&form.filter).unwrap_or_default();
        let filter = ProductFilter::from_params(&params, facets);
        let ids = matching_ids(conn, &filter, MAX_PRODUCTS + 1)?;
        if ids.len() as i64 > MAX_PRODUCTS {
            return Err(AppError::Validation(format!(
                "A bulk edit can change at most {MAX_PRODUCTS} products. Narrow the filter."
            )));
        }
        Ok(ids)
    } else {
        let mut ids: Vec<i64> = form
            .ids
            .iter()
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.truncate(MAX_PRODUCTS as usize);
        Ok(ids)
    }
}

/// id, title, version, status, tags, category, vendor.
type ProductFieldsRow = (i64, String, i64, String, String, Option<i64>, String);

/// The current fields of these products.
fn current_fields(
    conn: &mut DbConnection,
    ids: &[i64],
) -> QueryResult<Vec<(i64, String, i64, Fields)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<ProductFieldsRow> = products::table
            .filter(products::id.eq_any(chunk.to_vec()))
            .order(products::id.asc())
            .select((
                products::id,
                products::title,
                products::version,
                products::status,
                products::tags,
                products::category_id,
                products::vendor,
            ))
            .load(conn)?;
        let prices: Vec<(i64, i64, i64)> = variants::table
            .filter(variants::product_id.eq_any(chunk.to_vec()))
            .order((
                variants::product_id.asc(),
                variants::position.asc(),
                variants::id.asc(),
            ))
            .select((variants::product_id, variants::id, variants::price))
            .load(conn)?;
        let mut by_product: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for (product, variant, price) in prices {
            by_product
                .entry(product)
                .or_default()
                .push((variant, price));
        }
        for (id, title, version, status, tags, category_id, vendor) in rows {
            let prices = by_product.remove(&id).unwrap_or_default();
            out.push((
                id,
                title,
                version,
                Fields {
                    status,
                    tags,
                    category_id,
                    vendor,
                    prices,
                },
            ));
        }
    }
    Ok(out)
}

pub(crate) fn plan(
    conn: &mut DbConnection,
    ids: &[i64],
    operation: &Operation,
    currency: &Currency,
) -> QueryResult<Vec<Change>> {
    Ok(current_fields(conn, ids)?
        .into_iter()
        .map(|(product_id, title, _version, before)| {
            let after = operation.apply(&before, currency);
            Change {
                product_id,
                title,
                before,
                after,
            }
        })
        .collect())
}

/// Writes `fields` to a product and bumps its version; returns the new version.
pub(crate) fn write_fields(
    conn: &mut DbConnection,
    product_id: i64,
    fields: &Fields,
    actor: &Actor,
) -> Result<i64, AppError> {
    let now = db::now();
    for (variant_id, price) in &fields.prices {
        diesel::update(
            variants::table
                .filter(variants::id.eq(variant_id))
                .filter(variants::product_id.eq(product_id)),
        )
        .set((variants::price.eq(price), variants::updated_at.eq(now)))
        .execute(conn)?;
    }
    let version: i64 = products::table
        .find(product_id)
        .select(products::version)
        .first(conn)?;
    diesel::update(products::table.find(product_id))
        .set((
            products::status.eq(&fields.status),
            products::tags.eq(&fields.tags),
            products::category_id.eq(fields.category_id),
            products::vendor.eq(&fields.vendor),
            products::version.eq(version + 1),
            products::updated_by.eq(&actor.label),
            products::updated_at.eq(now),
        ))
        .execute(conn)?;
    refresh_derived(conn, product_id)?;
    Ok(version + 1)
}

pub(crate) fn describe_fields(
    fields: &Fields,
    other: &Fields,
    currency: &Currency,
    categories: &[CategoryEntry],
) -> String {
    let mut parts = Vec::new();
    if fields.status != other.status {
        parts.push(format!("status {}", fields.status));
    }
    if fields.tags != other.tags {
        parts.push(format!("tags \"{}\"", fields.tags));
    }
    if fields.category_id != other.category_id {
        parts.push(format!(
            "category {}",
            fields
                .category_id
                .and_then(|id| categories.iter().find(|c| c.id == id))
                .map_or("none", |c| c.path.as_str())
        ));
    }
    if fields.vendor != other.vendor {
        parts.push(format!("vendor \"{}\"", fields.vendor));
    }
    if fields.prices != other.prices {
        let prices: Vec<String> = fields
            .prices
            .iter()
            .map(|(_, p)| Money::from_minor(*p, currency).format(currency))
            .collect();
        parts.push(format!("price {}", prices.join(", ")));
    }
    parts.join("; ")
}

pub struct PreviewRow {
    pub product_id: i64,
    pub title: String,
    pub before: String,
    pub after: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog/bulk.html")]
pub struct BulkPage {
    pub shell: Shell,
    pub form: BulkForm,
    pub count: usize,
    pub operations: &'static [(&'static str, &'static str)],
    pub categories: Vec<CategoryEntry>,
    pub error: Option<String>,
    /// Present on the preview step.
    pub preview: Option<Preview>,
}

pub struct Preview {
    pub summary: String,
    pub rows: Vec<PreviewRow>,
    pub changing: usize,
    pub unchanged: usize,
    pub failing: usize,
    pub hidden: usize,
}

async fn bulk_page(
    shell: Shell,
    state: &AppState,
    catalog: &CatalogState,
    form: BulkForm,
    step: &str,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let categories = facets.categories.clone();
    let operation = if step == "choose" {
        None
    } else {
        Some(Operation::parse(
            &form.operation,
            &form.value,
            &currency,
            &categories,
        ))
    };
    let form_for_db = form.clone();
    let facets_for_db = facets.clone();
    let op_for_db = operation.clone().and_then(Result::ok);
    let (count, changes) = db::run(&state.pool, move |conn| {
        let ids = selection(conn, &form_for_db, &facets_for_db)?;
        let changes = match &op_for_db {
            Some(op) => Some(plan(conn, &ids, op, &currency)?),
            None => None,
        };
        Ok((ids.len(), changes))
    })
    .await?;
    let currency = shell.shop.currency.clone();
    let (error, preview) = match (operation, changes) {
        (Some(Err(message)), _) => (Some(message), None),
        (Some(Ok(op)), Some(changes)) => {
            let changing = changes.iter().filter(|c| c.changes_anything()).count();
            let failing = changes.iter().filter(|c| c.after.is_err()).count();
            let unchanged = changes.len() - changing - failing;
            let rows: Vec<PreviewRow> = changes
                .iter()
                .filter(|c| c.changes_anything() || c.after.is_err())
                .take(PREVIEW_ROWS)
                .map(|c| PreviewRow {
                    product_id: c.product_id,
                    title: c.title.clone(),
                    before: match &c.after {
                        Ok(after) => describe_fields(&c.before, after, &currency, &categories),
                        Err(_) => String::new(),
                    },
                    after: match &c.after {
                        Ok(after) => describe_fields(after, &c.before, &currency, &categories),
                        Err(_) => String::new(),
                    },
                    error: c.after.as_ref().err().cloned(),
                })
                .collect();
            let hidden = (changing + failing).saturating_sub(rows.len());
            (
                None,
                Some(Preview {
                    summary: op.describe(&currency, &categories),
                    rows,
                    changing,
                    unchanged,
                    failing,
                    hidden,
                }),
            )
        }
        _ => (None, None),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        status,
        &BulkPage {
            shell,
            form,
            count,
            operations: &OPERATIONS,
            categories,
            error,
            preview,
        },
    )
}

/// `POST /admin/products/bulk`: the selection arrives from the list; choose the edit.
pub async fn choose_bulk_edit(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = BulkForm::from_pairs(form.into_inner());
    if form.scope != "all" && form.ids.is_empty() {
        return Err(AppError::Validation(
            "Tick the products to edit, or choose all matching.".into(),
        ));
    }
    bulk_page(shell, &state, &catalog, form, "choose").await
}

/// `POST /admin/products/bulk/preview`: every change, before → after. Writes nothing.
pub async fn preview_bulk_edit(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    bulk_page(
        shell,
        &state,
        &catalog,
        BulkForm::from_pairs(form.into_inner()),
        "preview",
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn fields() -> Fields {
        Fields {
            status: "active".into(),
            tags: "Summer, linen".into(),
            category_id: None,
            vendor: "A".into(),
            prices: vec![(1, 1999), (2, 2500)],
        }
    }

    #[test]
    fn percentage_changes_round_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let after = Operation::PricePercent(dec!(-10))
            .apply(&fields(), &usd)
            .unwrap();
        assert_eq!(after.prices, vec![(1, 1799), (2, 2250)]);
    }

    #[test]
    fn a_price_below_zero_is_refused_for_that_product() {
        let usd = Currency::from_code("USD").unwrap();
        let minus = Operation::PriceAmount(Money::parse_signed("-20", &usd).unwrap());
        assert!(minus.apply(&fields(), &usd).is_err());
    }

    #[test]
    fn tags_are_added_once_and_removed_ignoring_case() {
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(
            Operation::AddTag("SUMMER".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "Summer, linen"
        );
        assert_eq!(
            Operation::AddTag("sale".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "Summer, linen, sale"
        );
        assert_eq!(
            Operation::RemoveTag("summer".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "linen"
        );
    }
}
