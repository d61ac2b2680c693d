//! Suppliers and purchase orders: a draft with pasted lines, placing (incoming), receiving in
//! part and beyond what was ordered (asked first), the weighted-average cost, closing with
//! units outstanding, cancelling, the printout and CSV, who may do what; on both databases.

use backroom::db::schema::{purchase_orders, stock_levels, suppliers, variants};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::catalog::{create, product_fields};
use crate::common::{Client, Db, Page, TestApp, id_of};
use crate::inventory::{adjust, main_location, on_hand, reason, variant_of};

fn incoming(app: &TestApp, variant: VariantId, location: LocationId) -> i64 {
    app.with_db(move |conn| {
        stock_levels::table
            .filter(stock_levels::variant_id.eq(variant))
            .filter(stock_levels::location_id.eq(location))
            .select(stock_levels::incoming)
            .first(conn)
            .unwrap()
    })
}

fn cost_of(app: &TestApp, variant: VariantId) -> Option<i64> {
    app.with_db(move |conn| {
        variants::table
            .find(variant)
            .select(variants::cost)
            .first(conn)
            .unwrap()
    })
}

fn status_of(app: &TestApp, id: i64) -> String {
    app.with_db(move |conn| {
        purchase_orders::table
            .find(id)
            .select(purchase_orders::status)
            .first(conn)
            .unwrap()
    })
}

async fn draft(owner: &Client, supplier: i64, location: LocationId, lines: &str) -> Page {
    let (supplier, location) = (supplier.to_string(), location.to_string());
    owner
        .post(
            "/admin/inventory/purchase-orders",
            &[
                ("supplier", &supplier),
                ("location", &location),
                ("expected_on", "2026-12-24"),
                ("lines", lines),
            ],
        )
        .await
}

async fn stock_is_bought_received_and_costed(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Costed shirt", "PO-1", "12.00");
    fields.push(("v0_cost", "4.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        create(&owner, &product_fields("Uncosted mug", "PO-2", "9.00"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let (shirt, mug) = (variant_of(&app, "PO-1"), variant_of(&app, "PO-2"));
    let main = main_location(&app);
    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        shirt,
        main,
        &[("mode", "add"), ("quantity", "10"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);

    // Suppliers.
    let made = owner
        .post(
            "/admin/inventory/suppliers",
            &[
                ("name", "Harbour Mills"),
                ("email", "orders@harbour.example"),
                ("lead_time_days", "14"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let twice = owner
        .post("/admin/inventory/suppliers", &[("name", "harbour mills")])
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let set = owner
        .post(
            &format!("/admin/inventory/variants/{shirt}/supplier"),
            &[
                ("supplier", &supplier.to_string()),
                ("supplier_sku", "HM-SHIRT"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let variant_page = owner
        .get(&format!("/admin/inventory/variants/{shirt}"))
        .await;
    assert_eq!(
        variant_page.attr("#f-supplier_sku", "value").as_deref(),
        Some("HM-SHIRT")
    );

    // A draft: a line without any cost is refused, naming it.
    let uncosted = draft(&owner, supplier, main, "PO-1 30 6.00\nPO-2 5").await;
    assert_eq!(uncosted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        uncosted.body.contains("PO-2: give a unit cost"),
        "{}",
        uncosted.body
    );
    let order = id_of(&draft(&owner, supplier, main, "PO-1 30 6.00\nPO-2 5 2.50").await);
    assert_eq!(status_of(&app, order), "draft");
    assert_eq!(incoming(&app, shirt, main), 0);
    let placed = owner
        .post(
            &format!("/admin/inventory/purchase-orders/{order}/place"),
            &[],
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        (incoming(&app, shirt, main), incoming(&app, mug, main)),
        (30, 5)
    );
    // The shirt's history says where its incoming units are.
    let history = owner
        .get(&format!("/admin/inventory/variants/{shirt}"))
        .await;
    let on_the_way = history.texts("#on-the-way tbody tr");
    assert_eq!(on_the_way.len(), 1, "{}", history.body);
    assert!(
        on_the_way[0].contains(&format!("Purchase order #{order}")) && on_the_way[0].contains("30"),
        "{on_the_way:?}"
    );

    // A clerk receives; only managers and owners place orders.
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let page = owner
        .get(&format!("/admin/inventory/purchase-orders/{order}"))
        .await;
    let names: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("input[name^=line_]").unwrap())
        .map(|e| e.value().attr("name").unwrap().to_owned())
        .collect();
    let (shirt_line, mug_line) = (names[0].clone(), names[1].clone());
    let receive = format!("/admin/inventory/purchase-orders/{order}/receive");
    let part = clerk
        .post(&receive, &[(&shirt_line, "10"), (&mug_line, "")])
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER, "{}", part.body);
    assert_eq!(on_hand(&app, shirt, main), (20, 0));
    assert_eq!(incoming(&app, shirt, main), 20);
    assert_eq!(status_of(&app, order), "partially_received");
    // 10 held at 4.00 and 10 received at 6.00: 5.00.
    assert_eq!(cost_of(&app, shirt), Some(500));
    let denied = clerk
        .post(
            &format!("/admin/inventory/purchase-orders/{order}/close"),
            &[],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);

    // More than ordered asks first; nothing moves until confirmed.
    let asked = owner
        .post(&receive, &[(&shirt_line, "25"), (&mug_line, "5")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("Receive more than was ordered"),
        "{}",
        asked.body
    );
    assert_eq!(on_hand(&app, shirt, main), (20, 0));
    let over = owner
        .post(
            &receive,
            &[(&shirt_line, "25"), (&mug_line, "5"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(over.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&app, shirt, main), (45, 0));
    assert_eq!(
        (incoming(&app, shirt, main), incoming(&app, mug, main)),
        (0, 0)
    );
    assert_eq!(status_of(&app, order), "received");
    // 20 at 5.00 and 25 at 6.00: 250 / 45 = 5.555… → 5.56.
    assert_eq!(cost_of(&app, shirt), Some(556));
    assert_eq!(
        cost_of(&app, mug),
        Some(250),
        "no cost before: the receipt's"
    );
    let again = owner.post(&receive, &[(&shirt_line, "1")]).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "a received order takes nothing more"
    );

    let csv = owner
        .get(&format!(
            "/admin/inventory/purchase-orders/{order}/lines.csv"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.starts_with("sku,supplier_sku,product"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("PO-1,HM-SHIRT,Costed shirt,,30,6.00,35"),
        "{}",
        csv.body
    );
    let print = owner
        .get(&format!("/admin/inventory/purchase-orders/{order}/print"))
        .await;
    assert!(print.body.contains("HM-SHIRT") && print.body.contains("Harbour Mills"));

    // Closing with units outstanding asks first; cancelling a placed order drops its incoming.
    let second = id_of(&draft(&owner, supplier, main, "PO-1 8").await);
    owner
        .post(
            &format!("/admin/inventory/purchase-orders/{second}/place"),
            &[],
        )
        .await;
    assert_eq!(incoming(&app, shirt, main), 8);
    let close = format!("/admin/inventory/purchase-orders/{second}/close");
    let question = owner.post(&close, &[]).await;
    assert_eq!(question.status, StatusCode::OK);
    assert!(
        question.body.contains("8 units not received yet"),
        "{}",
        question.body
    );
    assert_eq!(
        owner.post(&close, &[("confirmed", "yes")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(status_of(&app, second), "received");
    assert_eq!(incoming(&app, shirt, main), 0);
    let third = id_of(&draft(&owner, supplier, main, "PO-2 3").await);
    owner
        .post(
            &format!("/admin/inventory/purchase-orders/{third}/place"),
            &[],
        )
        .await;
    let cancel = format!("/admin/inventory/purchase-orders/{third}/cancel");
    assert_eq!(
        owner.post(&cancel, &[("confirmed", "yes")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(status_of(&app, third), "cancelled");
    assert_eq!(incoming(&app, mug, main), 0);
    let cancelled = owner
        .post(
            &format!("/admin/inventory/purchase-orders/{third}/receive"),
            &[("line_1", "1")],
        )
        .await;
    assert_eq!(
        cancelled.status,
        StatusCode::CONFLICT,
        "receiving on a cancelled order"
    );

    let list = owner
        .get("/admin/inventory/purchase-orders?status=received")
        .await;
    assert_eq!(list.count("tbody tr"), 2);
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

/// A draft purchase order for 4 of PO-S from a new supplier; (app, owner, order id).
async fn a_draft_order(db: Db) -> (TestApp, Client, i64) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Stale shirt", "PO-S", "12.00");
    fields.push(("v0_cost", "4.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    let made = owner
        .post("/admin/inventory/suppliers", &[("name", "Stale Mills")])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let order = id_of(&draft(&owner, supplier, main_location(&app), "PO-S 4").await);
    (app, owner, order)
}

async fn a_draft_order_saved_by_someone_else_since_it_was_opened_is_not_overwritten(db: Db) {
    let (app, owner, order) = a_draft_order(db).await;
    let path = format!("/admin/inventory/purchase-orders/{order}");
    let opened = owner.get(&path).await;
    let selector = format!("form[action='{path}']");
    let theirs = opened.form_values(&selector, &[("note", "theirs")]);
    let mine = opened.form_values(&selector, &[("note", "mine"), ("lines", "PO-S 9")]);
    assert_eq!(
        owner.post_values(&path, &theirs).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = owner.post_values(&path, &mine).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.body.contains("after you opened it"),
        "{}",
        refused.body
    );
    let note: String = app.with_db(move |c| {
        purchase_orders::table
            .find(order)
            .select(purchase_orders::note)
            .first(c)
            .unwrap()
    });
    assert_eq!(note, "theirs", "the other save stands");
}

async fn a_placed_order_cannot_be_edited_as_a_draft(db: Db) {
    let (app, owner, order) = a_draft_order(db).await;
    let path = format!("/admin/inventory/purchase-orders/{order}");
    let opened = owner.get(&path).await;
    let fields = opened.form_values(&format!("form[action='{path}']"), &[("lines", "PO-S 1")]);
    let placed = owner.post(&format!("{path}/place"), &[]).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    let edited = owner.post_values(&path, &fields).await;
    assert_eq!(edited.status, StatusCode::CONFLICT, "{}", edited.body);
    assert_eq!(status_of(&app, order), "ordered");
    let shirt = variant_of(&app, "PO-S");
    assert_eq!(
        incoming(&app, shirt, main_location(&app)),
        4,
        "what was placed stands"
    );
}

crate::on_both_databases!(
    a_draft_order_saved_by_someone_else_since_it_was_opened_is_not_overwritten,
    a_placed_order_cannot_be_edited_as_a_draft,
    stock_is_bought_received_and_costed
);
