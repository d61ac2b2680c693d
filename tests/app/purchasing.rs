//! Suppliers and purchase orders, one behaviour a test: a draft with pasted lines, placing
//! (incoming), receiving in part and beyond what was ordered (asked first), the weighted-average
//! cost, closing with units outstanding, cancelling, the printout and CSV, who may do what, the
//! stale edit; on both databases. The races are in `races.rs`.

use backroom::db::schema::{purchase_orders, suppliers, variants};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::variant_of;
use crate::common::{Client, Db, Page, TestApp, id_of};
use crate::common::{adjust, create, incoming, main_location, on_hand, product_fields, reason};

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
    crate::status_of!(app, purchase_orders, id)
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

/// A shop that buys: a shirt costed 4.00 with 10 at Main, a mug without a cost, and the
/// supplier Harbour Mills, whose code for the shirt is HM-SHIRT.
struct Buying {
    app: TestApp,
    owner: Client,
    supplier: i64,
    shirt: VariantId,
    mug: VariantId,
    main: LocationId,
}

impl Buying {
    async fn order(&self, lines: &str) -> i64 {
        let drafted = draft(&self.owner, self.supplier, self.main, lines).await;
        assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
        id_of(&drafted)
    }

    /// A placed order for 30 shirts at 6.00 and 5 mugs at 2.50.
    async fn placed(&self) -> i64 {
        let order = self.order("PO-1 30 6.00\nPO-2 5 2.50").await;
        let placed = self.owner.post(&path(order, "place"), &[]).await;
        assert_eq!(placed.status, StatusCode::SEE_OTHER);
        order
    }

    /// The receive form's field names of the order's lines, in order.
    async fn line_fields(&self, order: i64) -> Vec<String> {
        let page = self.owner.get(&path(order, "")).await;
        page.html()
            .select(&scraper::Selector::parse("input[name^=line_]").unwrap())
            .map(|e| e.value().attr("name").unwrap().to_owned())
            .collect()
    }
}

fn path(order: i64, action: &str) -> String {
    let base = format!("/admin/inventory/purchase-orders/{order}");
    if action.is_empty() {
        base
    } else {
        format!("{base}/{action}")
    }
}

async fn buying(db: Db) -> Buying {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Costed shirt", "PO-1", "12.00");
    fields.push(("v0_cost", "4.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    let mug = create(&owner, &product_fields("Uncosted mug", "PO-2", "9.00")).await;
    assert_eq!(mug.status, StatusCode::SEE_OTHER);
    let (shirt, mug) = (variant_of(&app, "PO-1"), variant_of(&app, "PO-2"));
    let main = main_location(&app);
    let received = reason(&app, "received");
    let fields = [("mode", "add"), ("quantity", "10"), ("reason", &received)];
    let added = adjust(&owner, shirt, main, &fields).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
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
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    let supplier_id = supplier.to_string();
    let code = [
        ("supplier", supplier_id.as_str()),
        ("supplier_sku", "HM-SHIRT"),
    ];
    let set = owner
        .post(
            &format!("/admin/inventory/variants/{shirt}/supplier"),
            &code,
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    Buying {
        app,
        owner,
        supplier,
        shirt,
        mug,
        main,
    }
}

async fn a_supplier_name_is_taken_once_and_a_variant_shows_its_supplier_code(db: Db) {
    let b = buying(db).await;
    let twice = b
        .owner
        .post("/admin/inventory/suppliers", &[("name", "harbour mills")])
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("Another supplier has this name"));
    let variant = b
        .owner
        .get(&format!("/admin/inventory/variants/{}", b.shirt))
        .await;
    assert_eq!(
        variant.attr("#f-supplier_sku", "value").as_deref(),
        Some("HM-SHIRT")
    );
}

async fn a_line_without_any_cost_is_refused_naming_its_sku(db: Db) {
    let b = buying(db).await;
    let uncosted = draft(&b.owner, b.supplier, b.main, "PO-1 30 6.00\nPO-2 5").await;
    assert_eq!(uncosted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        uncosted.body.contains("PO-2: give a unit cost"),
        "{}",
        uncosted.body
    );
    let orders: i64 = b
        .app
        .with_db(|c| purchase_orders::table.count().get_result(c).unwrap());
    assert_eq!(orders, 0, "nothing saved");
}

async fn placing_makes_the_units_incoming_and_the_history_says_where(db: Db) {
    let b = buying(db).await;
    let order = b.order("PO-1 30 6.00\nPO-2 5 2.50").await;
    assert_eq!(status_of(&b.app, order), "draft");
    assert_eq!(
        incoming(&b.app, b.shirt, b.main),
        0,
        "a draft expects nothing"
    );
    let placed = b.owner.post(&path(order, "place"), &[]).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&b.app, order), "ordered");
    let expected = (
        incoming(&b.app, b.shirt, b.main),
        incoming(&b.app, b.mug, b.main),
    );
    assert_eq!(expected, (30, 5));
    let history = b
        .owner
        .get(&format!("/admin/inventory/variants/{}", b.shirt))
        .await;
    let on_the_way = history.texts("#on-the-way tbody tr");
    assert_eq!(on_the_way.len(), 1, "{}", history.body);
    assert!(
        on_the_way[0].contains(&format!("Purchase order #{order}")) && on_the_way[0].contains("30"),
        "{on_the_way:?}"
    );
}

async fn a_clerk_receives_part_at_the_average_cost_but_may_not_close(db: Db) {
    let b = buying(db).await;
    let order = b.placed().await;
    let lines = b.line_fields(order).await;
    let (clerk, _) = b.app.staff_member(&b.owner, "clerk").await;
    let part = clerk
        .post(
            &path(order, "receive"),
            &[(&lines[0], "10"), (&lines[1], "")],
        )
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER, "{}", part.body);
    assert_eq!(on_hand(&b.app, b.shirt, b.main), (20, 0));
    assert_eq!(incoming(&b.app, b.shirt, b.main), 20);
    assert_eq!(status_of(&b.app, order), "partially_received");
    // 10 held at 4.00 and 10 received at 6.00: 5.00.
    assert_eq!(cost_of(&b.app, b.shirt), Some(500));
    let denied = clerk.post(&path(order, "close"), &[]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

async fn receiving_more_than_ordered_asks_first_then_completes_the_order(db: Db) {
    let b = buying(db).await;
    let order = b.placed().await;
    let lines = b.line_fields(order).await;
    let receive = path(order, "receive");
    let over = [(lines[0].as_str(), "35"), (lines[1].as_str(), "5")];
    let asked = b.owner.post(&receive, &over).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("Receive more than was ordered"),
        "{}",
        asked.body
    );
    assert_eq!(
        on_hand(&b.app, b.shirt, b.main),
        (10, 0),
        "nothing moved yet"
    );
    let confirmed = [over[0], over[1], ("confirmed", "yes")];
    let done = b.owner.post(&receive, &confirmed).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&b.app, b.shirt, b.main), (45, 0));
    let expected = (
        incoming(&b.app, b.shirt, b.main),
        incoming(&b.app, b.mug, b.main),
    );
    assert_eq!(expected, (0, 0));
    assert_eq!(status_of(&b.app, order), "received");
    // 10 at 4.00 and 35 at 6.00: 250 / 45 = 5.555… → 5.56.
    assert_eq!(cost_of(&b.app, b.shirt), Some(556));
    assert_eq!(
        cost_of(&b.app, b.mug),
        Some(250),
        "no cost before: the receipt's"
    );
    let again = b.owner.post(&receive, &[(&lines[0], "1")]).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "a received order takes nothing more"
    );
    assert!(b.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn the_lines_export_and_the_printout_carry_the_supplier_codes(db: Db) {
    let b = buying(db).await;
    let order = b.placed().await;
    let csv = b.owner.get(&path(order, "lines.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.starts_with("sku,supplier_sku,product"),
        "{}",
        csv.body
    );
    assert!(
        csv.body.contains("PO-1,HM-SHIRT,Costed shirt,,30,6.00,0"),
        "{}",
        csv.body
    );
    let print = b.owner.get(&path(order, "print")).await;
    assert!(print.body.contains("HM-SHIRT") && print.body.contains("Harbour Mills"));
}

async fn closing_with_units_outstanding_asks_first_then_expects_no_more(db: Db) {
    let b = buying(db).await;
    let order = b.order("PO-1 8").await;
    b.owner.post(&path(order, "place"), &[]).await;
    assert_eq!(incoming(&b.app, b.shirt, b.main), 8);
    let question = b.owner.post(&path(order, "close"), &[]).await;
    assert_eq!(question.status, StatusCode::OK);
    assert!(
        question.body.contains("8 units not received yet"),
        "{}",
        question.body
    );
    assert_eq!(
        incoming(&b.app, b.shirt, b.main),
        8,
        "asking changes nothing"
    );
    let closed = b
        .owner
        .post(&path(order, "close"), &[("confirmed", "yes")])
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&b.app, order), "received");
    assert_eq!(incoming(&b.app, b.shirt, b.main), 0);
    let list = b
        .owner
        .get("/admin/inventory/purchase-orders?status=received")
        .await;
    assert_eq!(list.count("tbody tr"), 1);
}

async fn cancelling_a_placed_order_drops_its_incoming_and_takes_no_receipt(db: Db) {
    let b = buying(db).await;
    let order = b.order("PO-2 3 1.00").await;
    b.owner.post(&path(order, "place"), &[]).await;
    assert_eq!(incoming(&b.app, b.mug, b.main), 3);
    let cancelled = b
        .owner
        .post(&path(order, "cancel"), &[("confirmed", "yes")])
        .await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&b.app, order), "cancelled");
    assert_eq!(incoming(&b.app, b.mug, b.main), 0);
    let lines = b.line_fields(order).await;
    assert!(lines.is_empty(), "a cancelled order offers no receipt");
    let receipt = b
        .owner
        .post(&path(order, "receive"), &[("line_1", "1")])
        .await;
    assert_eq!(
        receipt.status,
        StatusCode::CONFLICT,
        "receiving on a cancelled order"
    );
    assert!(b.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn a_draft_order_saved_by_someone_else_since_it_was_opened_is_not_overwritten(db: Db) {
    let b = buying(db).await;
    let order = b.order("PO-1 4").await;
    let page = path(order, "");
    let opened = b.owner.get(&page).await;
    let selector = format!("form[action='{page}']");
    let theirs = opened.form_values(&selector, &[("note", "theirs")]);
    let mine = opened.form_values(&selector, &[("note", "mine"), ("lines", "PO-1 9")]);
    assert_eq!(
        b.owner.post_values(&page, &theirs).await.status,
        StatusCode::SEE_OTHER
    );
    let refused = b.owner.post_values(&page, &mine).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(
        refused.body.contains("after you opened it"),
        "{}",
        refused.body
    );
    let note: String = b.app.with_db(move |c| {
        purchase_orders::table
            .find(order)
            .select(purchase_orders::note)
            .first(c)
            .unwrap()
    });
    assert_eq!(note, "theirs", "the other save stands");
}

async fn a_placed_order_cannot_be_edited_as_a_draft(db: Db) {
    let b = buying(db).await;
    let order = b.order("PO-1 4").await;
    let page = path(order, "");
    let opened = b.owner.get(&page).await;
    let fields = opened.form_values(&format!("form[action='{page}']"), &[("lines", "PO-1 1")]);
    let placed = b.owner.post(&path(order, "place"), &[]).await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    let edited = b.owner.post_values(&page, &fields).await;
    assert_eq!(edited.status, StatusCode::CONFLICT, "{}", edited.body);
    assert_eq!(status_of(&b.app, order), "ordered");
    assert_eq!(
        incoming(&b.app, b.shirt, b.main),
        4,
        "what was placed stands"
    );
}

/// "Receive everything outstanding" asks first, then receives every line's outstanding units;
/// the boxes start empty (no placeholder figure that looks filled in).
async fn everything_outstanding_is_received_after_a_question(db: Db) {
    let b = buying(db).await;
    let order = b.placed().await;
    let page = b.owner.get(&path(order, "")).await;
    assert_eq!(
        page.count("input[name^=line_][placeholder]"),
        0,
        "{}",
        page.body
    );
    assert!(page.body.contains("of 30 outstanding"));
    let asked = b
        .owner
        .post(&path(order, "receive"), &[("everything", "yes")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("35 units on 2 lines arrive now"),
        "{}",
        asked.body
    );
    assert_eq!(
        on_hand(&b.app, b.shirt, b.main),
        (10, 0),
        "asking moves nothing"
    );
    let done = b
        .owner
        .post(
            &path(order, "receive"),
            &[("everything", "yes"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(on_hand(&b.app, b.shirt, b.main), (40, 0));
    assert_eq!(status_of(&b.app, order), "received");
}

crate::on_both_databases!(
    everything_outstanding_is_received_after_a_question,
    a_supplier_name_is_taken_once_and_a_variant_shows_its_supplier_code,
    a_line_without_any_cost_is_refused_naming_its_sku,
    placing_makes_the_units_incoming_and_the_history_says_where,
    a_clerk_receives_part_at_the_average_cost_but_may_not_close,
    receiving_more_than_ordered_asks_first_then_completes_the_order,
    the_lines_export_and_the_printout_carry_the_supplier_codes,
    closing_with_units_outstanding_asks_first_then_expects_no_more,
    cancelling_a_placed_order_drops_its_incoming_and_takes_no_receipt,
    a_draft_order_saved_by_someone_else_since_it_was_opened_is_not_overwritten,
    a_placed_order_cannot_be_edited_as_a_draft,
);
