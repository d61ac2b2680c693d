//! Inventory fixtures: variants, locations, reasons and levels read from the database, a
//! tracked product, the quick-adjust form, a level's incoming units and a document's status.

use backroom::db::schema::{locations, stock_levels, stock_reasons, variants};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::level;
use diesel::prelude::*;
use reqwest::StatusCode;

use super::{Client, TestApp, create, id_from, product_fields};

pub fn variant_of(app: &TestApp, sku: &str) -> VariantId {
    let sku = sku.to_owned();
    app.with_db(move |conn| {
        variants::table
            .filter(variants::sku.eq(sku))
            .select(variants::id)
            .first(conn)
            .unwrap()
    })
}

pub fn main_location(app: &TestApp) -> LocationId {
    app.with_db(|conn| {
        locations::table
            .filter(locations::code_key.eq("MAIN"))
            .select(locations::id)
            .first(conn)
            .unwrap()
    })
}

pub fn reason(app: &TestApp, code: &str) -> String {
    let code = code.to_owned();
    app.with_db(move |conn| {
        stock_reasons::table
            .filter(stock_reasons::code.eq(code))
            .select(stock_reasons::id)
            .first::<i64>(conn)
            .unwrap()
            .to_string()
    })
}

pub fn on_hand(app: &TestApp, variant: VariantId, location: LocationId) -> (i64, i64) {
    app.with_db(move |conn| {
        let balance = level(conn, variant, location).unwrap().unwrap();
        (balance.on_hand, balance.committed)
    })
}

pub async fn tracked_product(app: &TestApp, owner: &Client, sku: &str) -> VariantId {
    let created = create(
        owner,
        &product_fields(&format!("Stocked {sku}"), sku, "12.00"),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    id_from(&created);
    variant_of(app, sku)
}

/// Posts the list's quick-adjust form as a browser would.
pub async fn adjust(
    client: &Client,
    variant: VariantId,
    location: LocationId,
    fields: &[(&str, &str)],
) -> crate::common::Page {
    let page = client.get("/admin/inventory").await;
    let (variant, location) = (variant.to_string(), location.to_string());
    let mut all = vec![
        ("variant", variant.as_str()),
        ("location", location.as_str()),
        ("back", "/admin/inventory?location=1"),
    ];
    all.extend_from_slice(fields);
    client
        .post_form("/admin/inventory/adjust", &page, &all)
        .await
}

/// Units incoming at a level (on a sent transfer or a placed purchase order).
pub fn incoming(app: &TestApp, variant: VariantId, location: LocationId) -> i64 {
    app.with_db(move |conn| {
        stock_levels::table
            .filter(stock_levels::variant_id.eq(variant))
            .filter(stock_levels::location_id.eq(location))
            .select(stock_levels::incoming)
            .first(conn)
            .unwrap()
    })
}

/// The stored status of the document `id` in `table`: `crate::status_of!(app, transfers, id)`.
#[macro_export]
macro_rules! status_of {
    ($app:expr, $table:ident, $id:expr) => {{
        let id: i64 = $id;
        $app.with_db(move |conn| {
            use backroom::db::schema::$table;
            use diesel::prelude::*;
            $table::table
                .find(id)
                .select($table::status)
                .first::<String>(conn)
                .unwrap()
        })
    }};
}
