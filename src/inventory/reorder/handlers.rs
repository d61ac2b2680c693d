//! Reorder pages: the low-stock list and the purchase orders made from it, a level's settings,
//! and the same settings for a whole view of the inventory page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::{LevelReorderForm, picks, reorder};
use super::queries::low_levels;
use super::views::LowStockPage;
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::CatalogState;
use crate::db;
use crate::domain::ids::LocationId;
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::list::{StockParams, selected, stock_query};
use crate::inventory::locations::active_locations;
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::with_query;
use crate::web::render;
use crate::web::shell::Shell;

const SHOWN: i64 = 500;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LowParams {
    location: String,
}

/// `GET /admin/inventory/reorder?location=…`
pub async fn low_stock(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<LowParams>,
) -> Result<HttpResponse, AppError> {
    let chosen: Option<LocationId> = params.location.trim().parse().ok();
    let me = shell.staff.as_ref().map(|s| s.id);
    let (locations, location, lines) = db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let mut locations = active_locations(conn)?;
        locations.retain(|l| scope.allows(l.id));
        if let Some(chosen) = chosen {
            scope.check(chosen)?;
        }
        let location = chosen.or_else(|| locations.first().map(|l| l.id));
        let lines = match location {
            Some(location) => low_levels(conn, location, SHOWN)?,
            None => Vec::new(),
        };
        Ok((locations, location, lines))
    })
    .await?;
    let can_order = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &LowStockPage {
            shell,
            locations,
            location,
            lines,
            can_order,
        },
    )
}

/// `POST /admin/inventory/reorder/orders`: draft purchase orders for the lines picked.
pub async fn order_low(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let location: LocationId = posted
        .pairs()
        .iter()
        .find(|(n, _)| n == "location")
        .and_then(|(_, v)| v.trim().parse().ok())
        .ok_or_else(|| AppError::Validation("Choose a location.".into()))?;
    let picked = picks(posted.pairs()).map_err(AppError::Validation)?;
    let shop = shell.shop.clone();
    let ordered = db::run(&state.pool, move |conn| {
        commands::order_low(conn, &actor, &shop, location, &picked)
    })
    .await?;
    let mut message = match ordered.created.len() {
        0 => "No purchase order was made.".to_owned(),
        n => format!(
            "{} drafted: {}.",
            count(n as i64, "purchase order", "purchase orders"),
            ordered
                .created
                .iter()
                .map(|id| format!("PO {id}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if !ordered.skipped.is_empty() {
        message.push_str(&format!(" Left out: {}.", ordered.skipped.join("; ")));
    }
    let flash = if ordered.created.is_empty() {
        FlashMessage::info(message)
    } else {
        FlashMessage::success(message)
    };
    Ok(flash::redirect(
        &req,
        "/admin/inventory/purchase-orders?status=draft",
        flash,
    ))
}

/// `POST /admin/inventory/reorder/level`: one level's settings, from the adjust page.
pub async fn set_level(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<LevelReorderForm>,
) -> Result<HttpResponse, AppError> {
    let (variant, location, settings) = form.parse().map_err(AppError::Validation)?;
    let back = form.back_url().unwrap_or_else(|| {
        format!("/admin/inventory/adjust?variant={variant}&location={location}")
    });
    db::run(&state.pool, move |conn| {
        commands::save_level_reorder(conn, &actor, variant, location, settings)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &back,
        FlashMessage::success("Reorder point saved."),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BulkForm {
    #[serde(flatten)]
    params: StockParams,
    point: String,
    quantity: String,
}

/// `POST /admin/inventory/reorder/bulk`: the same settings for every level the view lists at
/// its location; asks first with how many.
pub async fn set_bulk(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let form: BulkForm = posted.form()?;
    let settings = reorder(&form.point, &form.quantity).map_err(AppError::Validation)?;
    let (location, variants) = selected(&state, &catalog, &form.params).await?;
    let back = with_query("/admin/inventory", &stock_query(&form.params).encode(), "");
    if !posted.confirmed() {
        let what = match settings.point {
            Some(point) => format!("a reorder point of {point}"),
            None => "no reorder point".to_owned(),
        };
        return posted.ask(
            shell,
            Question {
                heading: "Set reorder points for this view?".into(),
                message: format!(
                    "{} listed at this location get {what}{}.",
                    count(variants.len() as i64, "level", "levels"),
                    settings
                        .quantity
                        .map(|q| format!(" and a reorder quantity of {q}"))
                        .unwrap_or_default()
                ),
                button: "Set reorder points".into(),
                cancel: back,
            },
        );
    }
    let changed = db::run(&state.pool, move |conn| {
        commands::bulk_reorder(conn, &actor, location, &variants, settings)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &back,
        FlashMessage::success(format!(
            "Reorder settings saved on {}.",
            count(changed as i64, "level", "levels")
        )),
    ))
}
