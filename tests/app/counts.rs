//! Stocktakes: starting a count of pasted SKUs, counting rows and scanning, stock that moves
//! while the count is open, the review, posting once, abandoning, and who may post; on both
//! databases.

use backroom::db::schema::{stock_count_lines, stock_counts};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, Page, TestApp};
use crate::common::{adjust, main_location, on_hand, reason, variant_of};
use crate::common::{create, product_fields};

fn latest_count(app: &TestApp) -> i64 {
    app.with_db(|c| {
        stock_counts::table
            .order(stock_counts::id.desc())
            .select(stock_counts::id)
            .first(c)
            .unwrap()
    })
}

fn line_of(app: &TestApp, count: i64, variant: backroom::domain::ids::VariantId) -> i64 {
    app.with_db(move |c| {
        stock_count_lines::table
            .filter(stock_count_lines::count_id.eq(count))
            .filter(stock_count_lines::variant_id.eq(variant))
            .select(stock_count_lines::id)
            .first(c)
            .unwrap()
    })
}

async fn start(owner: &Client, main: &str, codes: &str) -> Page {
    owner
        .post(
            "/admin/inventory/counts",
            &[("location", main), ("scope", "codes"), ("codes", codes)],
        )
        .await
}

async fn a_count_is_taken_reviewed_and_posted_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Counted shirt", "C-1", "12.00");
    fields.push(("v0_cost", "2.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        create(&owner, &product_fields("Counted mug", "C-2", "8.00"))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let (shirt, mug) = (variant_of(&app, "C-1"), variant_of(&app, "C-2"));
    let main = main_location(&app);
    let main_id = main.to_string();
    let (received, damaged) = (reason(&app, "received"), reason(&app, "damaged"));
    for (variant, units) in [(shirt, "10"), (mug, "5")] {
        adjust(
            &owner,
            variant,
            main,
            &[("mode", "add"), ("quantity", units), ("reason", &received)],
        )
        .await;
    }

    let unknown = start(&owner, &main_id, "C-1 C-2 NOPE").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Not found: NOPE"), "{}", unknown.body);
    let started = start(&owner, &main_id, "C-1\nc-2").await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let count = latest_count(&app);
    let sheet = owner.get(&format!("/admin/inventory/counts/{count}")).await;
    assert_eq!(sheet.count("tbody tr"), 2);
    assert!(
        sheet.attr("#scan-code", "autofocus").is_some(),
        "the scan box has the focus"
    );

    // A row counted: 8 of the 10 on hand. Then 3 more leave before the count is posted.
    let shirt_line = line_of(&app, count, shirt);
    let line_path = format!("/admin/inventory/counts/{count}/lines/{shirt_line}");
    let bad = owner.post(&line_path, &[("counted", "7.5")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.attr(&format!("#counted-{shirt_line}"), "aria-invalid")
            .is_some()
    );
    let counted = owner.post(&line_path, &[("counted", "8")]).await;
    assert_eq!(counted.status, StatusCode::SEE_OTHER);
    adjust(
        &owner,
        shirt,
        main,
        &[("mode", "remove"), ("quantity", "3"), ("reason", &damaged)],
    )
    .await;
    assert_eq!(on_hand(&app, shirt, main), (7, 0));

    // Scans add to their line; an unknown code is said at once.
    let scan = format!("/admin/inventory/counts/{count}/scan");
    for _ in 0..2 {
        let scanned = owner.post(&scan, &[("code", "C-2"), ("units", "")]).await;
        assert_eq!(scanned.status, StatusCode::OK);
    }
    let third = owner.post(&scan, &[("code", "c-2"), ("units", "1")]).await;
    assert!(third.body.contains("C-2: 3 counted."), "{}", third.body);
    let nope = owner.post(&scan, &[("code", "NOPE-9")]).await;
    assert_eq!(nope.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nope.body.contains("NOPE-9 is not on this count"));
    assert!(nope.attr("#scan-code", "autofocus").is_some());
    // One audit row per line counted (the row saved once, three scans); none for refusals.
    assert_eq!(app.audit_count("inventory.count_line_counted"), 4);

    let review = owner
        .get(&format!("/admin/inventory/counts/{count}/review"))
        .await;
    assert_eq!(review.status, StatusCode::OK);
    assert_eq!(review.count("tbody tr"), 2);
    assert!(
        review.body.contains("−$4.00") || review.body.contains("-$4.00"),
        "{}",
        review.body
    );

    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let denied = clerk
        .post(
            &format!("/admin/inventory/counts/{count}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let asked = owner
        .post(&format!("/admin/inventory/counts/{count}/post"), &[])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("2 levels at Main"), "{}", asked.body);
    let posted = owner
        .post(
            &format!("/admin/inventory/counts/{count}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    // 8 counted of 10 (−2), on top of the 7 left after 3 were removed: 5. The mug: 3 of 5.
    assert_eq!(on_hand(&app, shirt, main), (5, 0));
    assert_eq!(on_hand(&app, mug, main), (3, 0));
    let again = owner
        .post(
            &format!("/admin/inventory/counts/{count}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(
        owner.post(&line_path, &[("counted", "1")]).await.status,
        StatusCode::CONFLICT
    );
    assert_eq!(app.audit_count("inventory.count_posted"), 1);

    // More left after counting than was counted: post refuses and asks for a recount.
    start(&owner, &main_id, "C-2").await;
    let second = latest_count(&app);
    let mug_line = line_of(&app, second, mug);
    owner
        .post(
            &format!("/admin/inventory/counts/{second}/lines/{mug_line}"),
            &[("counted", "1")],
        )
        .await;
    adjust(
        &owner,
        mug,
        main,
        &[("mode", "remove"), ("quantity", "3"), ("reason", &damaged)],
    )
    .await;
    let refused = owner
        .post(
            &format!("/admin/inventory/counts/{second}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("C-2"), "{}", refused.body);
    let abandoned = owner
        .post(
            &format!("/admin/inventory/counts/{second}/abandon"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(abandoned.status, StatusCode::SEE_OTHER);
    let after = owner
        .post(
            &format!("/admin/inventory/counts/{second}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(
        after.status,
        StatusCode::CONFLICT,
        "an abandoned count is not posted"
    );
    assert_eq!(on_hand(&app, mug, main), (0, 0));
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

crate::on_both_databases!(a_count_is_taken_reviewed_and_posted_once);
