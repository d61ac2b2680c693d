//! Storefront read handlers: parse the query → one `db::run` → JSON.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::queries::{self, MAX_SKUS};
use super::views::{ApiProduct, ApiVariant, Availability, AvailabilityList, ProductList};
use crate::app::AppState;
use crate::db;
use crate::domain::money::Money;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::api::{ApiError, ErrorBody, json};
use crate::web::pagination::Cursor;

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 100;

/// The query of `GET /api/v1/products`, as sent (checked by hand so that a bad value is a 422
/// naming the parameter, not a parser's message).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ProductParams {
    /// The `next` of the previous page.
    after: String,
    /// Products per page, 1–100 (50 when left out).
    limit: String,
}

/// Active products with their variants, prices and availability, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(ProductParams),
    security(("bearer" = ["catalog:read"])),
    responses(
        (status = 200, description = "A page of active products", body = ProductList),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token lacks catalog:read", body = ErrorBody),
        (status = 422, description = "A parameter is not valid", body = ErrorBody)
    )
)]
pub async fn list_products(
    state: web::Data<AppState>,
    params: web::Query<ProductParams>,
) -> Result<HttpResponse, ApiError> {
    let mut problems = FieldErrors::new();
    let limit = match params.limit.trim() {
        "" => DEFAULT_LIMIT,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                problems.add(
                    "limit",
                    format!("Give a whole number from 1 to {MAX_LIMIT}."),
                );
                DEFAULT_LIMIT
            }
        },
    };
    let after = params.after.trim();
    let cursor = (!after.is_empty())
        .then(|| Cursor::decode(after, false))
        .flatten();
    if !after.is_empty() && cursor.is_none() {
        problems.add(
            "after",
            "Pass the `next` value of the previous page, unchanged.",
        );
    }
    if !problems.is_empty() {
        return Err(AppError::Fields(problems).into());
    }
    let shop = state.shop.current(&state.pool).await;
    let (heads, variants, more) = db::run(&state.pool, move |conn| {
        let (heads, more) = queries::active_products(conn, cursor.as_ref(), limit)?;
        let ids: Vec<_> = heads.iter().map(|h| h.id).collect();
        Ok((heads, queries::variants_of(conn, &ids)?, more))
    })
    .await?;
    let currency = &shop.currency;
    let next = more
        .then(|| heads.last())
        .flatten()
        .map(|h| Cursor::encode(&h.id.to_string(), h.id.get()));
    let mut variants = variants.into_iter().peekable();
    let items = heads
        .into_iter()
        .map(|head| {
            let mut of_product = Vec::new();
            // Both lists are in product order: one pass pairs them.
            while let Some(v) = variants.next_if(|v| v.product_id == head.id) {
                of_product.push(ApiVariant {
                    id: v.id.get(),
                    available: v.available(),
                    options: [&v.options.0, &v.options.1, &v.options.2]
                        .into_iter()
                        .flatten()
                        .cloned()
                        .collect(),
                    price: Money::exact_minor(v.price, currency),
                    compare_at_price: v.compare_at_price.map(|c| Money::exact_minor(c, currency)),
                    tracked: v.tracked,
                    allow_backorder: v.allow_backorder,
                    sku: v.sku,
                    barcode: v.barcode,
                });
            }
            ApiProduct {
                id: head.id.get(),
                handle: head.handle,
                title: head.title,
                vendor: head.vendor,
                product_type: head.product_type,
                currency: currency.code().to_owned(),
                variants: of_product,
            }
        })
        .collect();
    Ok(json(StatusCode::OK, &ProductList { items, next }))
}

/// What can be sold now of each SKU: `?sku=A&sku=B` (up to 100).
#[utoipa::path(
    get,
    path = "/api/v1/availability",
    tag = "catalog",
    params(("sku" = Vec<String>, Query, description = "A SKU; repeat for several (up to 100)", explode = true)),
    security(("bearer" = ["catalog:read"])),
    responses(
        (status = 200, description = "Each SKU asked for, in the order asked", body = AvailabilityList),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "The token lacks catalog:read", body = ErrorBody),
        (status = 422, description = "No SKU, or too many", body = ErrorBody)
    )
)]
pub async fn availability(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let skus: Vec<String> = url::form_urlencoded::parse(req.query_string().as_bytes())
        .filter(|(name, _)| name == "sku")
        .map(|(_, value)| value.trim().to_owned())
        .filter(|sku| !sku.is_empty())
        .collect();
    let mut problems = FieldErrors::new();
    if skus.is_empty() {
        problems.add("sku", "Ask for at least one SKU: ?sku=A&sku=B.");
    } else if skus.len() > MAX_SKUS {
        problems.add("sku", format!("Ask for at most {MAX_SKUS} SKUs at once."));
    }
    if !problems.is_empty() {
        return Err(AppError::Fields(problems).into());
    }
    let asked = skus.clone();
    let found = db::run(&state.pool, move |conn| {
        Ok(queries::availability(conn, &asked)?)
    })
    .await?;
    let items = skus
        .into_iter()
        .map(|sku| {
            let key = sku.to_ascii_uppercase();
            match found.iter().find(|(k, _, _)| *k == key) {
                Some((_, tracked, available)) => Availability {
                    sku,
                    available: *available,
                    known: true,
                    tracked: *tracked,
                },
                None => Availability {
                    sku,
                    available: None,
                    known: false,
                    tracked: false,
                },
            }
        })
        .collect();
    Ok(json(StatusCode::OK, &AvailabilityList { items }))
}
