//! The ledger's pages: one variant's history, every movement, and their CSV export.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::prelude::*;

use super::filter::MovementParams;
use super::queries::{self, MovementRow};
use super::views::{MovementLine, MovementsPage, Supplying, VariantHeading};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db;
use crate::db::schema::{products, variants};
use crate::domain::ids::VariantId;
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::list::levels_of;
use crate::inventory::suppliers::{default_supplier, supplier_choices};
use crate::web::pagination::with_query;
use crate::web::render;
use crate::web::shell::Shell;

/// Movements a page.
const PAGE: i64 = 50;
/// Movements read at a time by the export.
const EXPORT_CHUNK: i64 = 2_000;

/// `GET /admin/inventory/movements`
pub async fn list_movements(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<MovementParams>,
) -> Result<HttpResponse, AppError> {
    page(shell, state, params.into_inner(), None).await
}

/// `GET /admin/inventory/variants/{id}`: one variant's history.
pub async fn variant_history(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<VariantId>,
    params: web::Query<MovementParams>,
) -> Result<HttpResponse, AppError> {
    page(shell, state, params.into_inner(), Some(id.into_inner())).await
}

async fn page(
    shell: Shell,
    state: web::Data<AppState>,
    params: MovementParams,
    variant: Option<VariantId>,
) -> Result<HttpResponse, AppError> {
    let mut filter = params.filter(variant, &shell.shop);
    let me = shell.staff.as_ref().map(|s| s.id);
    let (heading, rows, menus, (supplying, on_the_way, levels)) =
        db::run(&state.pool, move |conn| {
            filter.allowed = scope_for(conn, me)?.limit();
            let heading = match variant {
                Some(id) => Some(heading(conn, id)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            let rows = queries::movements(conn, &filter, PAGE + 1)?;
            let supplying = match variant {
                Some(id) => Some(Supplying {
                    current: default_supplier(conn, id)?,
                    choices: supplier_choices(conn)?,
                }),
                None => None,
            };
            let on_the_way = match variant {
                Some(id) => queries::on_the_way(conn, id, filter.allowed.as_deref())?,
                None => Vec::new(),
            };
            // The ledger's page of one variant says where it stands now, above its movements.
            let levels = match variant {
                Some(id) => {
                    let mut levels = levels_of(conn, id)?;
                    if let Some(allowed) = &filter.allowed {
                        levels.retain(|l| allowed.contains(&l.0));
                    }
                    Some(levels)
                }
                None => None,
            };
            let mut menus = queries::menus(conn)?;
            if let Some(allowed) = &filter.allowed {
                menus.0.retain(|(id, _)| allowed.contains(id));
            }
            Ok((heading, rows, menus, (supplying, on_the_way, levels)))
        })
        .await?;
    let base = match variant {
        Some(id) => format!("/admin/inventory/variants/{id}"),
        None => "/admin/inventory/movements".into(),
    };
    let query = params.canonical();
    let reading_back = params.after.trim().parse::<i64>().is_ok();
    let more = rows.len() as i64 > PAGE;
    let mut rows = rows;
    if more {
        // The extra row is the oldest when reading back in time, the newest when reading forward.
        if reading_back {
            rows.remove(0);
        } else {
            rows.truncate(PAGE as usize);
        }
    }
    let older = (more || reading_back)
        .then(|| rows.last())
        .flatten()
        .map(|r| with_query(&base, &query, &format!("before={}", r.id)));
    let paged = !params.before.trim().is_empty() || reading_back;
    let newer = (paged && (!reading_back || more))
        .then(|| rows.first())
        .flatten()
        .map(|r| with_query(&base, &query, &format!("after={}", r.id)));
    let export = with_query(
        "/admin/inventory/movements.csv",
        &query,
        &variant.map(|v| format!("variant={v}")).unwrap_or_default(),
    );
    let lines = rows
        .into_iter()
        .map(|row| MovementLine {
            when: shell.shop.when(&row.created_at),
            row,
        })
        .collect();
    let can_adjust = shell.can(Permission::InventoryAdjust);
    let can_manage = shell.can(Permission::InventoryManage);
    let page = MovementsPage {
        levels,
        supplying,
        can_manage,
        on_the_way,
        shell,
        variant: heading,
        params,
        lines,
        menus,
        newer,
        older,
        base,
        export,
        can_adjust,
    };
    render(StatusCode::OK, &page)
}

fn heading(conn: &mut db::DbConnection, id: VariantId) -> QueryResult<Option<VariantHeading>> {
    variants::table
        .inner_join(products::table)
        .filter(variants::id.eq(id))
        .select((variants::sku, products::title, products::id))
        .first::<(String, String, crate::domain::ids::ProductId)>(conn)
        .optional()
        .map(|found| {
            found.map(|(sku, title, product_id)| VariantHeading {
                id,
                sku,
                title,
                product_id: product_id.get(),
            })
        })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ExportParams {
    variant: String,
    #[serde(flatten)]
    filter: MovementParams,
}

/// `GET /admin/inventory/movements.csv?variant=…&…`: every movement the filters select, newest
/// first.
pub async fn export_movements(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<ExportParams>,
) -> Result<HttpResponse, AppError> {
    let variant = params.variant.trim().parse().ok();
    let mut filter = params.filter.filter(variant, &shell.shop);
    filter.before = None;
    filter.after = None;
    let me = shell.staff.as_ref().map(|s| s.id);
    let body = db::run(&state.pool, move |conn| {
        filter.allowed = scope_for(conn, me)?.limit();
        let mut out = SheetWriter::new();
        out.text_row([
            "id",
            "time_utc",
            "sku",
            "product",
            "location",
            "kind",
            "on_hand_change",
            "committed_change",
            "on_hand_after",
            "committed_after",
            "reason",
            "note",
            "who",
            "reference",
        ])
        .map_err(export_error)?;
        loop {
            let rows = queries::movements(conn, &filter, EXPORT_CHUNK)?;
            let Some(last) = rows.last().map(|r| r.id.get()) else {
                break;
            };
            for row in &rows {
                write_row(&mut out, row).map_err(export_error)?;
            }
            filter.before = Some(last);
        }
        out.into_bytes()
            .map_err(|e| AppError::Unexpected(format!("movements export: {e}")))
    })
    .await?;
    let name = match variant {
        Some(v) => shell
            .shop
            .file_name(&["movements-variant", &v.to_string()], "csv"),
        None => shell.shop.file_name(&["movements"], "csv"),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}

fn write_row(out: &mut SheetWriter, row: &MovementRow) -> Result<(), csv::Error> {
    let numbers = [
        row.id.to_string(),
        row.on_hand_change.to_string(),
        row.committed_change.to_string(),
        row.on_hand_after.to_string(),
        row.committed_after.to_string(),
    ];
    let time = row.created_at.format("%Y-%m-%d %H:%M:%S").to_string();
    let reference = match (row.reference_kind, row.reference_id) {
        (Some(kind), Some(id)) => format!("{} {id}", kind.as_str()),
        _ => String::new(),
    };
    out.row(&[
        Cell::Number(&numbers[0]),
        Cell::Text(&time),
        Cell::Text(&row.sku),
        Cell::Text(&row.title),
        Cell::Text(&row.location),
        Cell::Text(row.kind.as_str()),
        Cell::Number(&numbers[1]),
        Cell::Number(&numbers[2]),
        Cell::Number(&numbers[3]),
        Cell::Number(&numbers[4]),
        Cell::Text(row.reason.as_deref().unwrap_or("")),
        Cell::Text(&row.note),
        Cell::Text(&row.actor),
        Cell::Text(&reference),
    ])
}

fn export_error(error: csv::Error) -> AppError {
    AppError::Unexpected(format!("movements export: {error}"))
}
