//! Purchase order pages: the list, a draft's form, an order's page, the printable order and
//! its lines as CSV.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::PurchaseOrderForm;
use super::models::{DraftChanges, PurchaseOrderStatus};
use super::queries;
use super::views::{
    PurchaseOrderListPage, PurchaseOrderPage, PurchaseOrderPrint, PurchaseOrderRow,
};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db;
use crate::domain::ids::PurchaseOrderId;
use crate::domain::ids::PurchaseOrderLineId;
use crate::domain::money::Money;
use crate::domain::problems::FieldErrors;
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::locations::all_locations;
use crate::inventory::suppliers::supplier_choices;
use crate::shop::Shop;
use crate::web::documents::{DocumentPage, DraftForm, DraftSaver, Shown};
use crate::web::pagination::{CanonicalQuery, Cursor, PageLinks};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    status: String,
    supplier: String,
    after: String,
    before: String,
}

/// `GET /admin/inventory/purchase-orders`
pub async fn list_purchase_orders(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let status = PurchaseOrderStatus::parse(&params.status);
    let supplier = params.supplier.trim().parse().ok();
    let cursor = Cursor::from_params(&params.after, &params.before);
    let reading = cursor.clone();
    let me = shell.staff.as_ref().map(|s| s.id);
    let ((orders, more), totals, suppliers, locations) = db::run(&state.pool, move |conn| {
        let limit = scope_for(conn, me)?.limit();
        let page = queries::list(
            conn,
            (status, supplier),
            limit.as_deref(),
            reading.as_ref(),
            PAGE,
        )?;
        let ids: Vec<PurchaseOrderId> = page.0.iter().map(|o| o.id).collect();
        Ok((
            page,
            queries::totals(conn, &ids)?,
            supplier_choices(conn)?,
            all_locations(conn)?,
        ))
    })
    .await?;
    let currency = shell.shop.currency.clone();
    let rows: Vec<PurchaseOrderRow> = orders
        .into_iter()
        .map(|order| {
            let (units, value) = totals
                .iter()
                .find(|(id, _, _)| *id == order.id)
                .map_or((0, 0), |(_, u, v)| (*u, *v));
            PurchaseOrderRow {
                supplier: suppliers
                    .iter()
                    .find(|(id, _)| *id == order.supplier_id)
                    .map_or_else(String::new, |(_, n)| n.clone()),
                location: locations
                    .iter()
                    .find(|l| l.id == order.location_id)
                    .map_or_else(String::new, |l| l.name.clone()),
                units,
                value: Money::format_minor(value, &currency),
                updated: shell.shop.when(&order.updated_at),
                order,
            }
        })
        .collect();
    let query = CanonicalQuery::default()
        .param("status", status.map_or("", |s| s.as_str()))
        .param("supplier", &params.supplier)
        .encode();
    let links = PageLinks::new(
        "/admin/inventory/purchase-orders",
        &query,
        &rows,
        cursor.as_ref(),
        more,
        |r| Cursor::encode(&r.order.id.to_string(), r.order.id.get()),
    );
    let can_manage = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &PurchaseOrderListPage {
            shell,
            rows,
            status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            supplier: params.supplier.trim().to_owned(),
            links,
            can_manage,
        },
    )
}

/// The purchase order pages, for the shared document flow.
pub(super) struct PurchaseOrderPages;

impl DocumentPage for PurchaseOrderPages {
    type Id = PurchaseOrderId;
    type LineId = PurchaseOrderLineId;
    type Form = PurchaseOrderForm;
    const PATH: &'static str = "/admin/inventory/purchase-orders";
    const OVER: &'static str = "Receive more than was ordered?";

    async fn page(
        status: StatusCode,
        shell: Shell,
        state: &AppState,
        id: Option<PurchaseOrderId>,
        shown: Shown<PurchaseOrderForm, PurchaseOrderLineId>,
    ) -> Result<HttpResponse, AppError> {
        render(status, &purchase_order_page(shell, state, id, shown).await?)
    }
}

impl DraftForm for PurchaseOrderPages {
    type Changes = DraftChanges;
    const SAVED: &'static str = "Draft saved. Place it when it goes to the supplier.";
    const SAVE: DraftSaver<Self> = commands::save_purchase_order;

    fn parse(form: &PurchaseOrderForm, shop: &Shop) -> Result<DraftChanges, FieldErrors> {
        form.parse(&shop.currency)
    }
}

/// The order's page as it is now, with a form and messages to show on it.
async fn purchase_order_page(
    shell: Shell,
    state: &AppState,
    id: Option<PurchaseOrderId>,
    shown: Shown<PurchaseOrderForm, PurchaseOrderLineId>,
) -> Result<PurchaseOrderPage, AppError> {
    let me = shell.staff.as_ref().map(|s| s.id);
    let (order, lines, suppliers, locations) = db::run(&state.pool, move |conn| {
        let mut order = match id {
            Some(id) => Some(queries::find(conn, id)?.ok_or(AppError::NotFound)?),
            None => None,
        };
        // "Last by" names the person, not their sign-in email.
        if let Some(document) = order.as_mut() {
            document.updated_by = crate::audit::person_named(conn, &document.updated_by)?;
        }
        if let Some(order) = &order {
            scope_for(conn, me)?.check(order.location_id)?;
        }
        let lines = match id {
            Some(id) => queries::lines_of(conn, id)?,
            None => Vec::new(),
        };
        Ok((order, lines, supplier_choices(conn)?, all_locations(conn)?))
    })
    .await?;
    let form = shown.form.unwrap_or_else(|| match &order {
        Some(o) => PurchaseOrderForm::of(o, &lines, &shell.shop.currency),
        None => PurchaseOrderForm::default(),
    });
    let can_receive = shell.can(Permission::InventoryAdjust);
    let can_manage = shell.can(Permission::InventoryManage);
    Ok(PurchaseOrderPage {
        shell,
        order,
        lines,
        suppliers,
        locations,
        form,
        errors: shown.errors,
        receipt_errors: shown.line_problems,
        conflict: shown.conflict,
        can_receive,
        can_manage,
    })
}

/// `GET /admin/inventory/purchase-orders/new?supplier=…`
pub async fn new_purchase_order(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let form = PurchaseOrderForm {
        supplier: params.supplier.trim().to_owned(),
        ..PurchaseOrderForm::default()
    };
    let shown = Shown::posted(form, FieldErrors::new());
    PurchaseOrderPages::page(StatusCode::OK, shell, &state, None, shown).await
}

/// `GET /admin/inventory/purchase-orders/{id}/print`
pub async fn print_purchase_order(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<PurchaseOrderId>,
) -> Result<HttpResponse, AppError> {
    let id = Some(id.into_inner());
    let printed = shell.shop.when(&db::now());
    let page = purchase_order_page(shell, &state, id, Shown::default()).await?;
    render(
        StatusCode::OK,
        &PurchaseOrderPrint::of(page, printed).ok_or(AppError::NotFound)?,
    )
}

/// `GET /admin/inventory/purchase-orders/{id}/lines.csv`
pub async fn export_lines(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<PurchaseOrderId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let currency = shell.shop.currency.clone();
    let me = shell.staff.as_ref().map(|s| s.id);
    let lines = db::run(&state.pool, move |conn| {
        let order = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        scope_for(conn, me)?.check(order.location_id)?;
        Ok(queries::lines_of(conn, id)?)
    })
    .await?;
    let failed = |e: csv::Error| AppError::Unexpected(format!("purchase order export: {e}"));
    let mut out = SheetWriter::new();
    out.text_row([
        "sku",
        "supplier_sku",
        "product",
        "options",
        "quantity",
        "unit_cost",
        "received",
    ])
    .map_err(failed)?;
    for line in &lines {
        let numbers = [
            line.quantity.to_string(),
            Money::from_minor(line.unit_cost, &currency).plain(&currency),
            line.received.to_string(),
        ];
        out.row(&[
            Cell::Text(&line.sku),
            Cell::Text(&line.supplier_sku),
            Cell::Text(&line.title),
            Cell::Text(&line.options),
            Cell::Number(&numbers[0]),
            Cell::Number(&numbers[1]),
            Cell::Number(&numbers[2]),
        ])
        .map_err(failed)?;
    }
    let body = out
        .into_bytes()
        .map_err(|e| AppError::Unexpected(format!("purchase order export: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}\"",
                shell
                    .shop
                    .file_name(&["purchase-order", &id.to_string()], "csv")
            ),
        ))
        .body(body))
}
