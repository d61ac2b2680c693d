//! `GET /admin/inventory/export.csv`: the levels the inventory page's filter selects, one row
//! per variant per location (at the chosen location, or at every one), read in chunks.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;

use super::filter::{StockFilter, StockParams, StockState};
use super::queries::{PRODUCT_CAP, exact_variant};
use crate::app::AppState;
use crate::catalog::{CatalogState, ProductFilter, matching_product_ids};
use crate::db::schema::{locations, stock_levels, suppliers, variant_suppliers, variants};
use crate::db::{self, DbBackend, DbConnection, id_in};
use crate::domain::ids::{LocationId, ProductId};
use crate::domain::money::{Currency, Money};
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::stock::is_low;
use crate::web::shell::Shell;

const CHUNK: i64 = 2_000;

type Level = (
    i64,
    String,
    String,
    (i64, i64, i64),
    (Option<i64>, Option<i64>),
    Option<i64>,
    (Option<String>, Option<String>),
);

/// A chunk of levels after `after` (a level id), in id order.
fn levels(
    conn: &mut DbConnection,
    filter: &StockFilter,
    picked: Option<&[ProductId]>,
    (allowed, after): (Option<&[LocationId]>, i64),
) -> QueryResult<Vec<Level>> {
    let mut query = stock_levels::table
        .inner_join(
            variants::table.left_join(variant_suppliers::table.inner_join(suppliers::table)),
        )
        .inner_join(locations::table)
        .filter(variants::track_inventory.eq(true))
        .filter(stock_levels::id.gt(after))
        .into_boxed::<DbBackend>();
    if let Some(location) = filter.location {
        query = query.filter(stock_levels::location_id.eq(location));
    }
    if let Some(allowed) = allowed {
        query = query.filter(id_in(stock_levels::location_id, allowed));
    }
    if let Some(ids) = picked {
        query = query.filter(id_in(variants::product_id, ids));
    }
    if let Some(variant) = filter.exact {
        query = query.filter(variants::id.eq(variant));
    }
    let available = stock_levels::on_hand - stock_levels::committed;
    query = match filter.stock {
        StockState::Low => query.filter(is_low()),
        StockState::Out => query.filter(available.le(0)),
        StockState::Negative => {
            query.filter((stock_levels::on_hand - stock_levels::committed).lt(0))
        }
        StockState::All | StockState::Untracked => query,
    };
    query
        .order(stock_levels::id.asc())
        .select((
            stock_levels::id,
            variants::sku,
            locations::code,
            (
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::incoming,
            ),
            (stock_levels::reorder_point, stock_levels::reorder_quantity),
            variants::cost,
            (
                suppliers::name.nullable(),
                variant_suppliers::supplier_sku.nullable(),
            ),
        ))
        .limit(CHUNK)
        .load(conn)
}

fn write(out: &mut SheetWriter, level: &Level, currency: &Currency) -> Result<(), csv::Error> {
    let (_, sku, code, (on_hand, committed, incoming), (point, quantity), cost, supplier) = level;
    let numbers = [
        on_hand.to_string(),
        committed.to_string(),
        (on_hand - committed).to_string(),
        incoming.to_string(),
        point.map(|p| p.to_string()).unwrap_or_default(),
        quantity.map(|q| q.to_string()).unwrap_or_default(),
        cost.map(|c| Money::from_minor(c, currency).plain(currency))
            .unwrap_or_default(),
    ];
    let mut cells = vec![Cell::Text(sku), Cell::Text(code)];
    cells.extend(numbers.iter().map(|n| Cell::Number(n)));
    let (name, theirs) = supplier;
    cells.push(Cell::Text(name.as_deref().unwrap_or("")));
    cells.push(Cell::Text(theirs.as_deref().unwrap_or("")));
    out.row(&cells)
}

/// `GET /admin/inventory/export.csv?…` (the list's parameters).
pub async fn export_stock(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<StockParams>,
) -> Result<HttpResponse, AppError> {
    let filter = StockFilter::from_params(&params);
    if filter.stock == StockState::Untracked {
        return Err(AppError::Validation(
            "Variants that do not track stock have no levels to export.".into(),
        ));
    }
    let facets = catalog.facets(&state.pool).await?;
    let products = filter.narrows_products().then(|| ProductFilter {
        q: filter.q.clone(),
        category_ids: filter.category.map(|id| facets.with_descendants(id)),
        vendor: filter.vendor.clone(),
        ..ProductFilter::default()
    });
    let currency = shell.shop.currency.clone();
    let failed = |e: csv::Error| AppError::Unexpected(format!("stock export: {e}"));
    let me = shell.staff.as_ref().map(|s| s.id);
    let (body, place) = db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let place: String = match filter.location {
            Some(location) => locations::table
                .find(location)
                .select(locations::code)
                .first(conn)
                .optional()?
                .unwrap_or_default(),
            None => "all-locations".into(),
        };
        if let Some(location) = filter.location {
            scope.check(location)?;
        }
        let allowed = scope.limit();
        let picked = match products {
            Some(products) => Some(matching_product_ids(conn, &products, PRODUCT_CAP + 1)?),
            None => None,
        };
        // An exact SKU or barcode exports that variant's levels, as the list shows its row.
        let mut filter = filter;
        filter.exact = exact_variant(conn, &filter.q)?;
        let mut out = SheetWriter::new();
        out.text_row([
            "sku",
            "location",
            "on_hand",
            "committed",
            "available",
            "incoming",
            "reorder_point",
            "reorder_quantity",
            "unit_cost",
            "supplier",
            "supplier_sku",
        ])
        .map_err(failed)?;
        let mut after = 0;
        loop {
            let chunk = levels(
                conn,
                &filter,
                picked.as_deref(),
                (allowed.as_deref(), after),
            )?;
            let Some(last) = chunk.last().map(|l| l.0) else {
                break;
            };
            for level in &chunk {
                write(&mut out, level, &currency).map_err(failed)?;
            }
            after = last;
        }
        let body = out
            .into_bytes()
            .map_err(|e| AppError::Unexpected(format!("stock export: {e}")))?;
        Ok((body, place))
    })
    .await?;
    let name = shell.shop.file_name(&["stock", &place], "csv");
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}
