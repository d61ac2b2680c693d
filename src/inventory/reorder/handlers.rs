//! Reorder pages: the low-stock list and the purchase orders made from it, a level's settings,
//! and the same settings for a whole view of the inventory page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::{LevelReorderForm, picks, reorder};
use super::queries::{LowFilter, all_matching, low_count, low_page};
use super::views::{LowStockPage, LowView};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::{CatalogState, ProductFilter, matching_product_ids};
use crate::db;
use crate::domain::ids::{LocationId, StaffId};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::domain::Quantity;
use crate::inventory::list::{
    PRODUCT_CAP, RowAnswer, RowEditor, StockParams, selected, stock_query, targets_row,
};
use crate::inventory::locations::{Location, active_locations};
use crate::inventory::suppliers::supplier_choices;
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::{CanonicalQuery, Cursor, PageLinks, with_query};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: i64 = 50;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct LowParams {
    location: String,
    supplier: String,
    q: String,
    category: String,
    vendor: String,
    after: String,
    before: String,
}

impl LowParams {
    pub fn view(&self) -> LowView {
        LowView {
            supplier: self.supplier.trim().to_owned(),
            q: self.q.trim().to_owned(),
            category: self.category.trim().to_owned(),
            vendor: self.vendor.trim().to_owned(),
        }
    }

    /// The view without its page: what the links, the form and "all that match" keep.
    fn query(&self) -> String {
        CanonicalQuery::default()
            .param("location", &self.location)
            .param("supplier", &self.supplier)
            .param("q", &self.q)
            .param("category", &self.category)
            .param("vendor", &self.vendor)
            .encode()
    }

    /// The low levels this view keeps at `location`, the catalog's filters resolved.
    async fn filter(
        &self,
        state: &AppState,
        catalog: &CatalogState,
        location: LocationId,
    ) -> Result<LowFilter, AppError> {
        let category = self.category.trim().parse().ok();
        let narrowed = !self.q.trim().is_empty() || category.is_some() || !self.vendor.is_empty();
        let products = if narrowed {
            let facets = catalog.facets(&state.pool).await?;
            let wanted = ProductFilter {
                q: self.q.trim().to_owned(),
                category_ids: category.map(|id| facets.with_descendants(id)),
                vendor: Some(self.vendor.trim().to_owned()).filter(|v| !v.is_empty()),
                ..ProductFilter::default()
            };
            let found = db::run(&state.pool, move |conn| {
                Ok(matching_product_ids(conn, &wanted, PRODUCT_CAP)?)
            })
            .await?;
            Some(found)
        } else {
            None
        };
        Ok(LowFilter {
            location,
            supplier: self.supplier.trim().parse().ok(),
            products,
        })
    }
}

/// The location a view is for: the one chosen (a 403 outside the person's), or their first.
async fn location_of(
    state: &AppState,
    me: Option<StaffId>,
    chosen: Option<LocationId>,
) -> Result<(Vec<Location>, Option<LocationId>), AppError> {
    db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let mut locations = active_locations(conn)?;
        locations.retain(|l| scope.allows(l.id));
        if let Some(chosen) = chosen {
            scope.check(chosen)?;
        }
        let location = chosen.or_else(|| locations.first().map(|l| l.id));
        Ok((locations, location))
    })
    .await
}

/// `GET /admin/inventory/reorder?location=…&supplier=…&q=…`: every low level at a location,
/// a page at a time, with how many there are.
pub async fn low_stock(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    params: web::Query<LowParams>,
) -> Result<HttpResponse, AppError> {
    let params = params.into_inner();
    let me = shell.staff.as_ref().map(|s| s.id);
    let chosen = params.location.trim().parse().ok();
    let (locations, location) = location_of(&state, me, chosen).await?;
    let cursor = Cursor::from_params(&params.after, &params.before);
    let filter = match location {
        Some(location) => Some(params.filter(&state, &catalog, location).await?),
        None => None,
    };
    let reading = cursor.clone();
    let ((lines, more), total, suppliers) = db::run(&state.pool, move |conn| {
        let suppliers = supplier_choices(conn)?;
        Ok(match filter {
            Some(filter) => (
                low_page(conn, &filter, reading.as_ref(), PAGE)?,
                low_count(conn, &filter)?,
                suppliers,
            ),
            None => ((Vec::new(), false), 0, suppliers),
        })
    })
    .await?;
    let query = params.query();
    let links = PageLinks::new(
        "/admin/inventory/reorder",
        &query,
        &lines,
        cursor.as_ref(),
        more,
        |l| Cursor::encode(&l.sku_key, l.variant.get()),
    );
    let can_order = shell.can(Permission::InventoryManage);
    let facets = catalog.facets(&state.pool).await?;
    render(
        StatusCode::OK,
        &LowStockPage {
            shell,
            locations,
            location,
            suppliers,
            lines,
            total,
            links,
            params: params.view(),
            facets,
            can_order,
        },
    )
}

/// `POST /admin/inventory/reorder/orders`: draft purchase orders for the lines ticked (or, with
/// `all`, every low line the view keeps that is not already coming), after a question naming
/// the purchase orders it will draft.
pub async fn order_low(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let params: LowParams = posted.form()?;
    let location: LocationId = params
        .location
        .trim()
        .parse()
        .map_err(|_| AppError::Validation("Choose a location.".into()))?;
    let every = posted.pairs().iter().any(|(n, v)| n == "all" && v == "yes");
    let picked = if every {
        let filter = params.filter(&state, &catalog, location).await?;
        db::run(&state.pool, move |conn| {
            let lines = all_matching(conn, &filter)?;
            Ok(lines
                .into_iter()
                .filter_map(|(v, units)| {
                    let units = Quantity::parse_positive(&units.to_string()).ok()?;
                    Some((v, units))
                })
                .collect::<Vec<_>>())
        })
        .await?
    } else {
        picks(posted.pairs()).map_err(AppError::Validation)?
    };
    let back = with_query("/admin/inventory/reorder", &params.query(), "");
    if picked.is_empty() {
        return Ok(flash::redirect(
            &req,
            &back,
            FlashMessage::info("Tick the lines to order first."),
        ));
    }
    let shop = shell.shop.clone();
    if !posted.confirmed() {
        let (asking, asker) = (picked.clone(), actor.clone());
        let plan = db::run(&state.pool, move |conn| {
            commands::plan_orders(conn, &asker, location, &asking)
        })
        .await?;
        return posted.ask(
            shell,
            Question {
                heading: format!(
                    "Draft {}?",
                    count(
                        plan.orders.len() as i64,
                        "purchase order",
                        "purchase orders"
                    )
                ),
                message: plan.sentence(&shop),
                button: "Draft purchase orders".into(),
                cancel: back,
            },
        );
    }
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

/// `POST /admin/inventory/reorder/level`: one level's settings, from the adjust page or an
/// inventory list row (which gets that row back, open with the message if refused).
pub async fn set_level(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<LevelReorderForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let saved = match form.parse() {
        Ok((variant, location, settings)) => {
            db::run(&state.pool, move |conn| {
                commands::save_level_reorder(conn, &actor, variant, location, settings)
            })
            .await
        }
        Err(message) => Err(AppError::Validation(message)),
    };
    let row = form
        .variant_id()
        .zip(form.location_id())
        .filter(|(variant, _)| targets_row(&req, *variant));
    let Some((variant, location)) = row else {
        saved?;
        let back = form.back_url().unwrap_or_else(|| {
            format!(
                "/admin/inventory/adjust?variant={}&location={}",
                form.variant.trim(),
                form.location.trim()
            )
        });
        return Ok(flash::redirect(
            &req,
            &back,
            FlashMessage::success("Reorder point saved."),
        ));
    };
    let (status, editor, toast) = match saved {
        Ok(()) => (
            StatusCode::OK,
            None,
            Some("Reorder point saved.".to_owned()),
        ),
        Err(AppError::Validation(message)) => {
            let open = RowEditor {
                point: Some(form.point.clone()),
                reorder_quantity: Some(form.quantity.clone()),
                message: Some(message),
                ..RowEditor::default()
            };
            (StatusCode::UNPROCESSABLE_ENTITY, Some(open), None)
        }
        Err(other) => return Err(other),
    };
    RowAnswer::after_post((variant, location), form.back, (editor, toast))
        .respond(status, shell, &state)
        .await
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
