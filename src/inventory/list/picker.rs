//! The line picker beside a purchase order's or transfer's pasted lines: a search as you type
//! (title, SKU, barcode, vendor) that answers with up to ten tracked variants and what is
//! available at each of the person's locations; choosing one adds its line to the lines box
//! (app.js). Without JavaScript the box takes typed SKUs, as before.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::picker_query::{PickerRow, picker_rows};
use super::queries::{PRODUCT_CAP, exact_variant};
use crate::app::AppState;
use crate::catalog::{ProductFilter, matching_product_ids};
use crate::db;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::web::filters;
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PickerParams {
    q: String,
}

#[derive(Template)]
#[template(path = "inventory/picker_results.html")]
pub struct PickerResults {
    pub q: String,
    pub rows: Vec<PickerRow>,
}

/// `GET /admin/inventory/picker?q=…`: the variants a search names (a fragment).
pub async fn pick_variants(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<PickerParams>,
) -> Result<HttpResponse, AppError> {
    let q: String = params.q.trim().chars().take(200).collect();
    let me = shell.staff.as_ref().map(|s| s.id);
    let search = q.clone();
    let rows = db::run(&state.pool, move |conn| {
        if search.is_empty() {
            return Ok(Vec::new());
        }
        let scope = scope_for(conn, me)?;
        let exact = exact_variant(conn, &search)?;
        let wanted = ProductFilter {
            q: search,
            ..ProductFilter::default()
        };
        // A few products are enough to offer ten variants; the cap keeps a one-letter search cheap.
        let products = matching_product_ids(conn, &wanted, PRODUCT_CAP.min(50))?;
        Ok(picker_rows(
            conn,
            exact,
            &products,
            scope.limit().as_deref(),
        )?)
    })
    .await?;
    render(StatusCode::OK, &PickerResults { q, rows })
}
