//! The same status change posted 16 times at once — a double click, a retry storm, two
//! people on one document — changes stock or products exactly once: one answer goes through,
//! the others are 409 (or shown the running job), one audit row, and the ledger check passes.
//! On PostgreSQL (read committed) this is what the conditional updates of `documents` and
//! `jobs::start_once` are for; on SQLite the write lock serialises the requests as well.

use std::sync::Arc;

use backroom::db::schema::{jobs, locations, products, stock_movements, suppliers};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, TestApp, id_of};
use crate::common::{HEADER, apply, upload};
use crate::common::{adjust, main_location, on_hand, reason, tracked_product};

const AT_ONCE: usize = 16;

/// One answer went through (`done`), every other one is a 409.
fn once(statuses: &[StatusCode], done: StatusCode) {
    assert_eq!(
        statuses.iter().filter(|s| **s == done).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| *s == done || *s == StatusCode::CONFLICT),
        "{statuses:?}"
    );
}

fn ledger_holds(app: &TestApp) {
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

fn movements(app: &TestApp) -> i64 {
    app.with_db(|c| stock_movements::table.count().get_result(c).unwrap())
}

/// A tracked variant with `units` on hand at Main.
async fn stocked(app: &TestApp, owner: &Client, sku: &str, units: &str) -> (VariantId, LocationId) {
    let variant = tracked_product(app, owner, sku).await;
    let main = main_location(app);
    let received = reason(app, "received");
    let added = adjust(
        owner,
        variant,
        main,
        &[("mode", "add"), ("quantity", units), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    (variant, main)
}

async fn second_location(app: &TestApp, owner: &Client) -> LocationId {
    let created = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Warehouse"), ("code", "WH"), ("priority", "20")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    app.with_db(|conn| {
        locations::table
            .filter(locations::code_key.eq("WH"))
            .select(locations::id)
            .first(conn)
            .unwrap()
    })
}

fn jobs_of(app: &TestApp, kind: &'static str) -> i64 {
    app.with_db(move |c| {
        jobs::table
            .filter(jobs::kind.eq(kind))
            .count()
            .get_result(c)
            .unwrap()
    })
}

async fn a_transfer_is_sent_and_received_once_however_often_it_is_posted(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let (shirt, main) = stocked(&app, &owner, "RACE-T", "55").await;
    let wh = second_location(&app, &owner).await;
    let (from, to) = (main.to_string(), wh.to_string());
    let drafted = owner
        .post(
            "/admin/inventory/transfers",
            &[("from", &from), ("to", &to), ("lines", "RACE-T 3")],
        )
        .await;
    let id = id_of(&drafted);

    let sends = owner
        .post_at_once(
            &format!("/admin/inventory/transfers/{id}/send"),
            &[],
            AT_ONCE,
        )
        .await;
    once(&sends, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&app, shirt, main), (52, 0), "the units left once");
    assert_eq!(app.audit_count("inventory.transfer_sent"), 1);

    let line: i64 = app.with_db(move |c| {
        use backroom::db::schema::transfer_lines;
        transfer_lines::table
            .filter(transfer_lines::transfer_id.eq(id))
            .select(transfer_lines::id)
            .first(c)
            .unwrap()
    });
    let receipts = owner
        .post_at_once(
            &format!("/admin/inventory/transfers/{id}/receive"),
            &[(&format!("line_{line}"), "3")],
            AT_ONCE,
        )
        .await;
    once(&receipts, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&app, shirt, wh), (3, 0), "the units arrived once");
    assert_eq!(app.audit_count("inventory.transfer_received"), 1);
    ledger_holds(&app);
}

async fn a_sent_transfer_is_cancelled_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let (shirt, main) = stocked(&app, &owner, "RACE-C", "10").await;
    let wh = second_location(&app, &owner).await;
    let (from, to) = (main.to_string(), wh.to_string());
    let id = id_of(
        &owner
            .post(
                "/admin/inventory/transfers",
                &[("from", &from), ("to", &to), ("lines", "RACE-C 4")],
            )
            .await,
    );
    let sent = owner
        .post(&format!("/admin/inventory/transfers/{id}/send"), &[])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let cancels = owner
        .post_at_once(
            &format!("/admin/inventory/transfers/{id}/cancel"),
            &[("confirmed", "yes")],
            AT_ONCE,
        )
        .await;
    once(&cancels, StatusCode::SEE_OTHER);
    assert_eq!(
        on_hand(&app, shirt, main),
        (10, 0),
        "the units came back once"
    );
    assert_eq!(app.audit_count("inventory.transfer_cancelled"), 1);
    ledger_holds(&app);
}

async fn a_purchase_order_is_placed_and_received_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let (shirt, main) = stocked(&app, &owner, "RACE-P", "1").await;
    let made = owner
        .post("/admin/inventory/suppliers", &[("name", "Racing Mills")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let (supplier, location) = (supplier.to_string(), main.to_string());
    let order = id_of(
        &owner
            .post(
                "/admin/inventory/purchase-orders",
                &[
                    ("supplier", &supplier),
                    ("location", &location),
                    ("lines", "RACE-P 6 2.00"),
                ],
            )
            .await,
    );
    let places = owner
        .post_at_once(
            &format!("/admin/inventory/purchase-orders/{order}/place"),
            &[],
            AT_ONCE,
        )
        .await;
    once(&places, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("inventory.purchase_order_placed"), 1);

    let line: i64 = app.with_db(move |c| {
        use backroom::db::schema::purchase_order_lines;
        purchase_order_lines::table
            .filter(purchase_order_lines::purchase_order_id.eq(order))
            .select(purchase_order_lines::id)
            .first(c)
            .unwrap()
    });
    let receipts = owner
        .post_at_once(
            &format!("/admin/inventory/purchase-orders/{order}/receive"),
            &[(&format!("line_{line}"), "6")],
            AT_ONCE,
        )
        .await;
    once(&receipts, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&app, shirt, main), (7, 0), "received once");
    assert_eq!(app.audit_count("inventory.purchase_order_received"), 1);
    ledger_holds(&app);
}

async fn a_count_is_posted_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let (shirt, main) = stocked(&app, &owner, "RACE-K", "8").await;
    let location = main.to_string();
    let started = owner
        .post(
            "/admin/inventory/counts",
            &[
                ("location", &location),
                ("scope", "codes"),
                ("codes", "RACE-K"),
            ],
        )
        .await;
    let count = id_of(&started);
    let scanned = owner
        .post(
            &format!("/admin/inventory/counts/{count}/scan"),
            &[("code", "RACE-K"), ("units", "5")],
        )
        .await;
    assert!(scanned.status.is_success() || scanned.status.is_redirection());
    let posts = owner
        .post_at_once(
            &format!("/admin/inventory/counts/{count}/post"),
            &[("confirmed", "yes")],
            AT_ONCE,
        )
        .await;
    once(&posts, StatusCode::SEE_OTHER);
    assert_eq!(
        on_hand(&app, shirt, main),
        (5, 0),
        "the variance went in once"
    );
    assert_eq!(app.audit_count("inventory.count_posted"), 1);
    // A scan after the count was posted changes nothing.
    let late = owner
        .post(
            &format!("/admin/inventory/counts/{count}/scan"),
            &[("code", "RACE-K"), ("units", "1")],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    ledger_holds(&app);
}

async fn a_stock_import_is_applied_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let (shirt, main) = stocked(&app, &owner, "RACE-I", "2").await;
    let before = movements(&app);
    let token = owner.admin_token().await;
    let csv = "sku,location,adjust_by,reason\nRACE-I,MAIN,5,received\n";
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("stock.csv")
        .mime_str("text/csv")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("file", part);
    let checked = Client::read(
        owner
            .http
            .post(owner.url("/admin/inventory/import"))
            .header("Origin", &owner.base)
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let import = id_of(&checked);
    let applies = owner
        .post_at_once(
            &format!("/admin/inventory/imports/{import}/apply"),
            &[("confirmed", "yes")],
            AT_ONCE,
        )
        .await;
    assert!(
        applies.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "the others are shown the running job: {applies:?}"
    );
    app.jobs_finished().await;
    assert_eq!(jobs_of(&app, "stock_import"), 1, "one run");
    assert_eq!(movements(&app), before + 1, "one movement");
    assert_eq!(on_hand(&app, shirt, main), (7, 0));
    ledger_holds(&app);
}

async fn a_catalog_import_is_applied_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let csv = format!(
        "{HEADER}\nrace-shirt,Race shirt,,active,,,,,,,Size,S,,,,,RACE-S,,10.00,,,250,true,false\n"
    );
    let checked = upload(&owner, &csv).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    let action = checked
        .attr("form[action$='/apply']", "action")
        .expect("an apply form");
    let applies = owner
        .post_at_once(&action, &[("confirmed", "yes")], AT_ONCE)
        .await;
    assert!(
        applies.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{applies:?}"
    );
    app.jobs_finished().await;
    let made: i64 = app.with_db(|c| products::table.count().get_result(c).unwrap());
    assert_eq!(made, 1, "the product was created once");
    assert_eq!(
        app.with_db(|c| {
            jobs::table
                .filter(jobs::kind.ne("stock_import"))
                .count()
                .get_result::<i64>(c)
                .unwrap()
        }),
        1,
        "one run"
    );
    // And the usual single apply still answers as it did.
    let again = apply(&owner, &checked).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.with_db(|c| products::table.count().get_result::<i64>(c).unwrap()),
        1
    );
}

/// One edit form posted 16 times at once: one save, the others stale (409), one audit row,
/// version 2. A save that changes nothing writes nothing: no audit row, the version stays.
async fn a_record_edit_is_saved_once_and_the_rest_are_stale(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = Arc::new(app.owner().await);
    let made = owner
        .post("/admin/inventory/suppliers", &[("name", "Racing Mills")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let path = format!("/admin/inventory/suppliers/{supplier}");
    let opened = owner.get(&path).await;
    let selector = format!("form[action='{path}']");
    let unchanged = opened.form_values(&selector, &[]);
    assert_eq!(
        owner.post_values(&path, &unchanged).await.status,
        StatusCode::SEE_OTHER
    );
    let version = |app: &TestApp| {
        app.with_db(move |c| {
            suppliers::table
                .find(supplier)
                .select(suppliers::version)
                .first::<i64>(c)
                .unwrap()
        })
    };
    assert_eq!(version(&app), 1, "nothing changed, nothing written");
    assert_eq!(app.audit_count("inventory.supplier_updated"), 0);

    let edit = opened.form_values(&selector, &[("notes", "Ships on Mondays")]);
    let fields: Vec<(&str, &str)> = edit.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let saves = owner.post_at_once(&path, &fields, AT_ONCE).await;
    once(&saves, StatusCode::SEE_OTHER);
    assert_eq!(version(&app), 2);
    assert_eq!(app.audit_count("inventory.supplier_updated"), 1);
}

crate::on_both_databases!(
    a_record_edit_is_saved_once_and_the_rest_are_stale,
    a_transfer_is_sent_and_received_once_however_often_it_is_posted,
    a_sent_transfer_is_cancelled_once,
    a_purchase_order_is_placed_and_received_once,
    a_count_is_posted_once,
    a_stock_import_is_applied_once,
    a_catalog_import_is_applied_once,
);
