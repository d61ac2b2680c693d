//! Inventory's names and formats: figures with thousands grouped and a true minus sign, days
//! in the shop's way, people by name on documents, reasons by name in import errors, and
//! downloads named after the shop, the view and the day. On both databases.

use backroom::db::schema::suppliers;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Db, OWNER_EMAIL, OWNER_NAME, TestApp};
use crate::common::{adjust, main_location, reason, tracked_product};

async fn inventory_writes_figures_days_people_and_file_names_the_house_way(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "FMT-1").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        variant,
        main,
        &[("mode", "add"), ("quantity", "1200"), ("reason", &received)],
    )
    .await;
    let shown = owner.get(&added.location().unwrap()).await;
    assert!(
        shown
            .body
            .contains("Added 1,200 of FMT-1 (Received): on hand now 1,200."),
        "{}",
        shown.body
    );
    let list = owner
        .get(&format!("/admin/inventory?location={main}"))
        .await;
    assert_eq!(
        list.texts(&format!("#stock-{variant} td[data-label='On hand']")),
        vec!["1,200"]
    );

    // A variant's history: where it stands now, then the ledger, then its supplier.
    let history = owner
        .get(&format!("/admin/inventory/variants/{variant}"))
        .await;
    let now = history.texts("#levels-now");
    assert!(
        now.len() == 1 && now[0].contains("Main 1,200 available (1,200 on hand)"),
        "{now:?}"
    );
    let ledger = history.body.find("id=\"movement-rows\"").unwrap();
    let bought = history.body.find("Bought from").unwrap();
    assert!(ledger < bought, "the ledger comes first");

    // A purchase order: its expected day as the shop writes dates, "last by" a name.
    let made = owner
        .post("/admin/inventory/suppliers", &[("name", "Format Mills")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let (supplier, location) = (supplier.to_string(), main.to_string());
    let draft = owner
        .post(
            "/admin/inventory/purchase-orders",
            &[
                ("supplier", supplier.as_str()),
                ("location", location.as_str()),
                ("expected_on", "2026-12-24"),
                ("lines", "FMT-1 1500 2.00"),
            ],
        )
        .await;
    assert_eq!(draft.status, StatusCode::SEE_OTHER, "{}", draft.body);
    let order = owner.get(&draft.location().unwrap()).await;
    assert!(
        order.body.contains(&format!("last by {OWNER_NAME}")),
        "{}",
        order.body
    );
    assert!(!order.body.contains(&format!("last by {OWNER_EMAIL}")));
    assert!(order.body.contains("1,500"), "{}", order.body);
    let orders = owner.get("/admin/inventory/purchase-orders").await;
    assert!(orders.body.contains("Dec 24, 2026"), "{}", orders.body);

    // Downloads are named after the shop, the view and the day.
    let today = chrono::Utc::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    for (path, name) in [
        (
            format!("/admin/inventory/export.csv?location={main}"),
            "stock-main",
        ),
        (
            "/admin/inventory/export.csv".to_owned(),
            "stock-all-locations",
        ),
        (
            "/admin/inventory/valuation.csv".to_owned(),
            "stock-valuation",
        ),
        ("/admin/inventory/movements.csv".to_owned(), "movements"),
    ] {
        let download = owner.get(&path).await;
        assert_eq!(download.status, StatusCode::OK, "{path}");
        let disposition = download.header("content-disposition").unwrap();
        assert!(
            disposition.contains(&format!("filename=\"test-shop-{name}-"))
                && disposition.contains(&today),
            "{path}: {disposition}"
        );
    }

    // An import's unknown reason lists the reasons by name.
    let token = owner.admin_token().await;
    let part = reqwest::multipart::Part::bytes(
        b"sku,location,adjust_by,reason\nFMT-1,MAIN,-1,lost\n".to_vec(),
    )
    .file_name("stock.csv")
    .mime_str("text/csv")
    .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("file", part);
    let checked = owner
        .http
        .post(owner.url("/admin/inventory/import"))
        .header("Origin", &owner.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let checked = crate::common::Client::read(checked).await;
    assert!(
        checked
            .body
            .contains("The reasons are: Correction, Received, Damaged"),
        "{}",
        checked.body
    );
}

/// A catalog import's check writes its figures grouped too: 1,200 rows, 600 products.
async fn a_large_import_check_groups_its_figures(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = crate::common::upload(&owner, &crate::common::catalog_csv(600)).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert!(dry.body.contains("1,200 rows read"), "{}", dry.body);
    assert_eq!(dry.texts("#to-create"), vec!["600"]);
    assert!(dry.body.contains("1,200 variants"), "{}", dry.body);
    assert!(dry.body.contains("the first 200 of 600"), "{}", dry.body);
}

crate::on_both_databases!(
    inventory_writes_figures_days_people_and_file_names_the_house_way,
    a_large_import_check_groups_its_figures,
);
