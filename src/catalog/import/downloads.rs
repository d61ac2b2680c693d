//! The import's downloads: the catalog export, the template, and an upload's full diff.

use actix_web::{HttpResponse, web};

use super::format::{ChangesCsv, export};
use super::plan::plan;
use super::queries::{self, load_import};
use crate::app::{AppState, take_turn};
use crate::auth::Actor;
use crate::catalog::CatalogState;
use crate::catalog::filter::{ListParams, ProductFilter};
use crate::db;
use crate::domain::ids::ImportId;
use crate::error::AppError;
use crate::web::shell::Shell;

fn csv_attachment(name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
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
    Ok(csv_attachment(&name, body))
}

/// `GET /admin/products/import/template.csv`: an example file with every column.
pub async fn import_template() -> HttpResponse {
    csv_attachment(
        "products-template.csv",
        super::format::template().into_bytes(),
    )
}

/// `GET /admin/products/import/{id}/changes.csv`: every change the upload would make, a row
/// per value (the file checked again against the catalog as it is now).
pub async fn import_changes(
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<ImportId>,
) -> Result<HttpResponse, AppError> {
    let import_id = id.into_inner();
    let currency = shell.shop.currency.clone();
    let turn = take_turn(&state.heavy.csv_checks, "CSV files").await?;
    let body = db::run(&state.pool, move |conn| {
        let _turn = turn;
        load_import(conn, import_id, &actor)?;
        let content = queries::content(conn, import_id)?;
        if content.is_empty() {
            return Err(super::commands::gone());
        }
        let mut changes = ChangesCsv::new()?;
        plan(conn, &content, &currency, |product| changes.add(&product))?;
        changes.finish()
    })
    .await?;
    Ok(csv_attachment(
        &format!("import-{import_id}-changes.csv"),
        body,
    ))
}
