//! The inventory CSV import: the dry run (nothing written), applying it through the ledger,
//! stock that moves between the two, bad files and rows, and who may change what — on both
//! databases.

use backroom::db::schema::{audit_log, stock_imports, stock_levels, stock_movements};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, Page, TestApp};
use crate::common::{adjust, main_location, on_hand, reason, tracked_product};

async fn upload_stock(client: &Client, csv: &[u8], fields: &[(&str, &str)]) -> Page {
    let token = client.admin_token().await;
    let part = reqwest::multipart::Part::bytes(csv.to_vec())
        .file_name("stock.csv")
        .mime_str("text/csv")
        .unwrap();
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    let response = client
        .http
        .post(client.url("/admin/inventory/import"))
        .header("Origin", &client.base)
        .multipart(form.part("file", part))
        .send()
        .await
        .unwrap();
    Client::read(response).await
}

/// Checks the file, opens the import's page and applies it (confirmed); returns the page after.
async fn check_and_apply(client: &Client, csv: &str) -> Page {
    let checked = upload_stock(client, csv.as_bytes(), &[]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = client.get(&checked.location().unwrap()).await;
    let action = page.attr("form[action$='/apply']", "action").unwrap();
    let applied = client
        .post_form(&action, &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    client.get(&applied.location().unwrap()).await
}

fn movements(app: &TestApp) -> i64 {
    app.with_db(|c| stock_movements::table.count().get_result(c).unwrap())
}

fn reorder_of(
    app: &TestApp,
    variant: VariantId,
    location: LocationId,
) -> (Option<i64>, Option<i64>) {
    app.with_db(move |c| {
        stock_levels::table
            .filter(stock_levels::variant_id.eq(variant))
            .filter(stock_levels::location_id.eq(location))
            .select((stock_levels::reorder_point, stock_levels::reorder_quantity))
            .first(c)
            .unwrap()
    })
}

async fn a_checked_file_changes_nothing_until_applied_then_writes_the_ledger(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let a = tracked_product(&app, &owner, "IMP-A").await;
    let b = tracked_product(&app, &owner, "IMP-B").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    adjust(
        &owner,
        b,
        main,
        &[("mode", "add"), ("quantity", "10"), ("reason", &received)],
    )
    .await;

    // The export imports back unchanged.
    let exported = owner.get("/admin/inventory/export.csv").await;
    assert_eq!(exported.status, StatusCode::OK);
    let same = upload_stock(&owner, exported.body.as_bytes(), &[]).await;
    assert_eq!(same.status, StatusCode::OK, "{}", same.body);
    assert!(same.body.contains("Nothing to change"), "{}", same.body);

    let before = movements(&app);
    let csv = "sku,location,on_hand,adjust_by,reason,note,reorder_point,reorder_quantity\n\
               imp-a,main,24,,received,first delivery,5,20\n\
               IMP-B,MAIN,,-3,damaged,,,\n";
    let checked = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = owner.get(&checked.location().unwrap()).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.count("#change-rows tbody tr"), 2, "{}", page.body);
    assert!(
        page.body.contains("+24") && page.body.contains("\u{2212}3"),
        "{}",
        page.body
    );
    // Checking wrote nothing to stock.
    assert_eq!(movements(&app), before);
    assert_eq!(on_hand(&app, a, main), (0, 0));

    // Apply asks first.
    let action = page.attr("form[action$='/apply']", "action").unwrap();
    let asked = owner.post_form(&action, &page, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Apply this import?"), "{}", asked.body);
    assert_eq!(movements(&app), before);

    let applied = owner
        .post_form(&action, &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let done = owner.get(&applied.location().unwrap()).await;
    assert!(
        done.body
            .contains("Applied 2 lines: 24 units added, 3 units removed."),
        "{}",
        done.body
    );
    assert_eq!(on_hand(&app, a, main), (24, 0));
    assert_eq!(on_hand(&app, b, main), (7, 0));
    assert_eq!(reorder_of(&app, a, main), (Some(5), Some(20)));
    assert_eq!(movements(&app), before + 2);
    let (kind, reference, note): (String, Option<String>, String) = app.with_db(move |c| {
        stock_movements::table
            .filter(stock_movements::variant_id.eq(a))
            .order(stock_movements::id.desc())
            .select((
                stock_movements::actor_kind,
                stock_movements::reference_kind,
                stock_movements::note,
            ))
            .first(c)
            .unwrap()
    });
    assert_eq!(
        (kind.as_str(), reference.as_deref(), note.as_str()),
        ("job", Some("import"), "first delivery")
    );
    assert!(app.with_db(|c| check_ledger(c).unwrap()).is_empty());
    let audited: i64 = app.with_db(|c| {
        audit_log::table
            .filter(audit_log::action.eq("inventory.import_applied"))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(audited, 1);

    // Applying again (another tab) starts nothing new.
    let again = owner
        .post_form(&action, &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(movements(&app), before + 2);
    assert_eq!(on_hand(&app, a, main), (24, 0));
}

async fn stock_that_moves_after_the_check_is_kept_and_what_cannot_apply_is_skipped(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let a = tracked_product(&app, &owner, "MOV-A").await;
    let b = tracked_product(&app, &owner, "MOV-B").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    for v in [a, b] {
        adjust(
            &owner,
            v,
            main,
            &[("mode", "add"), ("quantity", "10"), ("reason", &received)],
        )
        .await;
    }
    let csv = "sku,location,on_hand,reason\nMOV-A,MAIN,12,correction\nMOV-B,MAIN,2,correction\n";
    let checked = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = owner.get(&checked.location().unwrap()).await;
    // Between the check and the apply: 3 of A sold, 9 of B taken.
    let damaged = reason(&app, "damaged");
    adjust(
        &owner,
        a,
        main,
        &[("mode", "remove"), ("quantity", "3"), ("reason", &damaged)],
    )
    .await;
    adjust(
        &owner,
        b,
        main,
        &[("mode", "remove"), ("quantity", "9"), ("reason", &damaged)],
    )
    .await;
    let action = page.attr("form[action$='/apply']", "action").unwrap();
    let applied = owner
        .post_form(&action, &page, &[("confirmed", "yes")])
        .await;
    let done = owner.get(&applied.location().unwrap()).await;
    // A: +2 on top of 7 (the sale is kept); B: -8 can't come out of 1, so it is skipped.
    assert_eq!(on_hand(&app, a, main), (9, 0));
    assert_eq!(on_hand(&app, b, main), (1, 0));
    assert!(done.body.contains("1 line was skipped"), "{}", done.body);
    assert_eq!(done.count("#skipped-lines tbody tr"), 1, "{}", done.body);
    assert!(done.body.contains("MOV-B"));
    assert!(app.with_db(|c| check_ledger(c).unwrap()).is_empty());
}

async fn bad_files_and_rows_are_named_and_nothing_is_kept(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let a = tracked_product(&app, &owner, "BAD-A").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    adjust(
        &owner,
        a,
        main,
        &[("mode", "add"), ("quantity", "2"), ("reason", &received)],
    )
    .await;
    let mut loose = crate::common::product_fields("Loose", "BAD-U", "3.00");
    loose.retain(|(name, _)| *name != "v0_track");
    let untracked = crate::common::create(&owner, &loose).await;
    assert_eq!(
        untracked.status,
        StatusCode::SEE_OTHER,
        "{}",
        untracked.body
    );

    for (csv, says) in [
        ("sku,location,qty\nBAD-A,MAIN,3\n", "Unknown column: qty"),
        (
            "sku,on_hand\nBAD-A,3\n",
            "Required column missing: location",
        ),
        (
            "sku,location,reason\nBAD-A,MAIN,damaged\n",
            "Nothing to change",
        ),
        (
            "sku,location,on_hand\nBAD-A,MAIN,3,4\n",
            "Row 2 could not be read",
        ),
    ] {
        let page = upload_stock(&owner, csv.as_bytes(), &[]).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{csv}: {}",
            page.body
        );
        assert!(page.body.contains(says), "{says}: {}", page.body);
    }
    let latin1 = b"sku,location,on_hand,reason\nBAD-A,MAIN,3,correction \xe9\n";
    let page = upload_stock(&owner, latin1, &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("not UTF-8"), "{}", page.body);

    let csv = "sku,location,on_hand,adjust_by,reason,note\n\
               NOPE,MAIN,1,,correction,\n\
               BAD-A,NOWHERE,1,,correction,\n\
               BAD-U,MAIN,1,,correction,\n\
               BAD-A,MAIN,1.5,,correction,\n\
               BAD-A,MAIN,4,2,correction,\n\
               BAD-A,MAIN,4,,,\n\
               BAD-A,MAIN,1000001,,correction,\n\
               BAD-A,MAIN,,-5,damaged,\n\
               BAD-A,MAIN,,+1,other,\n\
               BAD-A,MAIN,,+1,spilled,\n\
               BAD-A,MAIN,3,,correction,\n\
               bad-a,main,5,,correction,\n";
    let page = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    let expected = [
        (2, "No variant has the SKU \"NOPE\"."),
        (3, "No location has the code \"NOWHERE\""),
        (4, "BAD-U does not track stock"),
        (5, "on_hand: Use a whole number of units"),
        (6, "not both"),
        (7, "Give a reason"),
        (8, "on_hand: At most 1,000,000 units"),
        (9, "Only 2 on hand: can't remove 5."),
        (10, "needs a note"),
        (11, "\"spilled\" is not a reason"),
        (13, "on row 12 too"),
    ];
    assert_eq!(
        page.count("#import-errors tbody tr"),
        expected.len(),
        "{}",
        page.body
    );
    for (row, says) in expected {
        let says = says.replace('"', "&#34;").replace('\'', "&#39;");
        assert!(
            page.body.contains(&format!("<td class=\"num\">{row}</td>"))
                && page.body.contains(&says),
            "row {row}: {says}: {}",
            page.body
        );
    }
    let kept: i64 = app.with_db(|c| stock_imports::table.count().get_result(c).unwrap());
    assert_eq!(kept, 0, "a file with errors is not kept");
    assert_eq!(on_hand(&app, a, main), (2, 0));

    // The form's reason serves rows without one.
    let page = upload_stock(
        &owner,
        b"sku,location,adjust_by\nBAD-A,MAIN,3\n",
        &[("reason", &received)],
    )
    .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
}

async fn clerks_change_stock_not_reorder_points_and_imports_stay_their_uploaders(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let a = tracked_product(&app, &owner, "CLK-A").await;
    let main = main_location(&app);
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let page = upload_stock(
        &clerk,
        b"sku,location,adjust_by,reason,reorder_point\nCLK-A,MAIN,4,received,3\n",
        &[],
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Only managers and owners change reorder points"),
        "{}",
        page.body
    );

    let done = check_and_apply(
        &clerk,
        "sku,location,adjust_by,reason\nCLK-A,MAIN,4,received\n",
    )
    .await;
    assert!(done.body.contains("Applied 1 line"), "{}", done.body);
    assert_eq!(on_hand(&app, a, main), (4, 0));

    // Another person's import is not found, even by an owner guessing its id.
    let checked = upload_stock(
        &clerk,
        b"sku,location,adjust_by,reason\nCLK-A,MAIN,1,received\n",
        &[],
    )
    .await;
    let path = checked.location().unwrap();
    assert_eq!(owner.get(&path).await.status, StatusCode::NOT_FOUND);
    let viewer = app.staff_member(&owner, "viewer").await.0;
    assert_eq!(
        viewer.get("/admin/inventory/import").await.status,
        StatusCode::FORBIDDEN
    );
}

/// Reorder points set by a file; the inventory page's *Low stock* filter pages through them
/// in SKU order (its first step reads the page's variants from the low-stock index).
async fn reorder_points_by_file_and_the_low_filter_pages_in_sku_order(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut csv = String::from("sku,location,on_hand,reason,reorder_point,reorder_quantity\n");
    for i in (0..28).rev() {
        tracked_product(&app, &owner, &format!("LOW-{i:02}")).await;
        // All low but LOW-07, which has more than its point.
        let on_hand = if i == 7 { "10" } else { "" };
        csv.push_str(&format!("LOW-{i:02},MAIN,{on_hand},received,5,12\n"));
    }
    let done = check_and_apply(&owner, &csv).await;
    assert!(done.body.contains("Applied 28 lines"), "{}", done.body);
    let main = main_location(&app);
    let first = owner
        .get(&format!(
            "/admin/inventory?location={main}&stock=low&per=25"
        ))
        .await;
    let skus = |page: &Page| -> Vec<String> {
        let doc = scraper::Html::parse_document(&page.body);
        let code = scraper::Selector::parse("tbody td[data-label=SKU] code").unwrap();
        doc.select(&code).map(|c| c.text().collect()).collect()
    };
    let expected: Vec<String> = (0..28)
        .filter(|i| *i != 7)
        .map(|i| format!("LOW-{i:02}"))
        .collect();
    assert_eq!(skus(&first), expected[..25].to_vec());
    let next = first
        .attr("nav.pagination a", "href")
        .unwrap()
        .replace("&amp;", "&");
    let second = owner.get(&next).await;
    assert_eq!(skus(&second), expected[25..].to_vec());
    let back = second
        .attr("nav.pagination a", "href")
        .unwrap()
        .replace("&amp;", "&");
    assert!(back.contains("before="), "{back}");
    assert_eq!(skus(&owner.get(&back).await), expected[..25].to_vec());
    // Low anywhere (every location summed) pages the same way, from its own index: a second
    // location low for LOW-07 too brings it in once, in its place.
    let made = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Warehouse"), ("code", "WH")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let more = "sku,location,on_hand,reason,reorder_point,reorder_quantity\n\
                LOW-07,WH,,received,3,6\nLOW-01,WH,,received,3,6\n";
    check_and_apply(&owner, more).await;
    let everywhere: Vec<String> = (0..28).map(|i| format!("LOW-{i:02}")).collect();
    let all_first = owner.get("/admin/inventory?stock=low&per=25").await;
    assert_eq!(skus(&all_first), everywhere[..25].to_vec());
    let all_next = all_first
        .attr("nav.pagination a", "href")
        .unwrap()
        .replace("&amp;", "&");
    let all_second = owner.get(&all_next).await;
    assert_eq!(skus(&all_second), everywhere[25..].to_vec());
    let all_back = all_second
        .attr("nav.pagination a", "href")
        .unwrap()
        .replace("&amp;", "&");
    assert_eq!(skus(&owner.get(&all_back).await), everywhere[..25].to_vec());

    // The same levels by title, and the low-stock page.
    let by_title = owner
        .get(&format!(
            "/admin/inventory?location={main}&stock=low&sort=title&per=100"
        ))
        .await;
    assert_eq!(skus(&by_title).len(), 27);
    let low_page = owner
        .get(&format!("/admin/inventory/reorder?location={main}"))
        .await;
    assert_eq!(low_page.count("input[name=pick]"), 27, "{}", low_page.body);
}

/// A check never applied is dropped, with its lines, a day after it was made: when the next
/// check is made (and at start).
async fn checks_never_applied_are_dropped_after_a_day(db: Db) {
    use backroom::db::schema::stock_import_lines;
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    tracked_product(&app, &owner, "OLD-1").await;
    let csv = "sku,location,on_hand,reason\nOLD-1,MAIN,4,received\n";
    let first = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let old_page = first.location().unwrap();
    let second = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER);
    let lines = |app: &TestApp| {
        app.with_db(|c| {
            stock_import_lines::table
                .count()
                .get_result::<i64>(c)
                .unwrap()
        })
    };
    assert_eq!(lines(&app), 2, "both checks kept within the day");
    let day_ago = backroom::db::now() - chrono::Duration::hours(25);
    app.with_db(move |c| {
        let first: i64 = stock_imports::table
            .order(stock_imports::id.asc())
            .select(stock_imports::id)
            .first(c)
            .unwrap();
        diesel::update(stock_imports::table.find(first))
            .set(stock_imports::created_at.eq(day_ago))
            .execute(c)
            .unwrap();
    });
    let third = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(third.status, StatusCode::SEE_OTHER);
    assert_eq!(lines(&app), 2, "the day-old check's line went");
    assert_eq!(owner.get(&old_page).await.status, StatusCode::NOT_FOUND);
}

fn default_supplier(app: &TestApp, variant: VariantId) -> Option<(String, String)> {
    use backroom::db::schema::{suppliers, variant_suppliers};
    app.with_db(move |c| {
        variant_suppliers::table
            .inner_join(suppliers::table)
            .filter(variant_suppliers::variant_id.eq(variant))
            .select((suppliers::name, variant_suppliers::supplier_sku))
            .first(c)
            .optional()
            .unwrap()
    })
}

/// The file's `supplier` and `supplier_sku` columns set each variant's default supplier
/// (shown in the dry run, applied with the rest); the export writes them and imports back
/// unchanged; an unknown supplier, two suppliers for one variant and a clerk's change are refused.
async fn suppliers_by_file_round_trip_through_the_export(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let a = tracked_product(&app, &owner, "SUP-A").await;
    let b = tracked_product(&app, &owner, "SUP-B").await;
    for name in ["Harbour Mills", "Pine Supply"] {
        let made = owner
            .post("/admin/inventory/suppliers", &[("name", name)])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
    }
    let back_room = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Back room"), ("code", "BACK"), ("priority", "2")],
        )
        .await;
    assert_eq!(
        back_room.status,
        StatusCode::SEE_OTHER,
        "{}",
        back_room.body
    );

    // Refused rows, each named; nothing kept.
    for (csv, says) in [
        (
            "sku,location,supplier\nSUP-A,MAIN,Nobody Ltd\n",
            "No supplier is named \"Nobody Ltd\"",
        ),
        (
            "sku,location,supplier_sku\nSUP-A,MAIN,HM-1\n",
            "A supplier_sku needs a supplier",
        ),
        (
            "sku,location,supplier\nSUP-A,MAIN,Harbour Mills\nSUP-A,BACK,Pine Supply\n",
            "Row 2 gives this variant another supplier",
        ),
    ] {
        let refused = upload_stock(&owner, csv.as_bytes(), &[]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{csv}");
        assert!(
            refused.body.contains(&says.replace('"', "&#34;")),
            "{csv}: {}",
            refused.body
        );
    }
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let by_clerk = upload_stock(
        &clerk,
        b"sku,location,supplier\nSUP-A,MAIN,harbour mills\n",
        &[],
    )
    .await;
    assert!(
        by_clerk
            .body
            .contains("Only managers and owners change a variant"),
        "{}",
        by_clerk.body
    );
    assert_eq!(default_supplier(&app, a), None);

    // Both locations' rows agree: one change a variant, shown, then applied.
    let csv = "sku,location,supplier,supplier_sku\n\
               sup-a,MAIN,harbour mills,HM-114\n\
               SUP-A,BACK,Harbour Mills,HM-114\n\
               SUP-B,MAIN,Pine Supply,\n";
    let checked = upload_stock(&owner, csv.as_bytes(), &[]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER, "{}", checked.body);
    let page = owner.get(&checked.location().unwrap()).await;
    assert_eq!(page.count("#change-rows tbody tr"), 2, "{}", page.body);
    assert_eq!(
        page.texts("#change-rows td[data-label=Supplier]"),
        vec!["Harbour Mills (HM-114)", "Pine Supply"]
    );
    assert_eq!(default_supplier(&app, a), None, "nothing before applying");
    check_and_apply(&owner, csv).await;
    assert_eq!(
        default_supplier(&app, a),
        Some(("Harbour Mills".to_owned(), "HM-114".to_owned()))
    );
    assert_eq!(
        default_supplier(&app, b),
        Some(("Pine Supply".to_owned(), String::new()))
    );

    // The export names them, and imports back unchanged.
    let exported = owner.get("/admin/inventory/export.csv").await;
    let header = exported.body.lines().next().unwrap().to_owned();
    assert!(
        header.ends_with(",unit_cost,supplier,supplier_sku"),
        "{header}"
    );
    assert!(
        exported
            .body
            .lines()
            .any(|l| l.starts_with("SUP-A,MAIN,") && l.ends_with(",Harbour Mills,HM-114")),
        "{}",
        exported.body
    );
    let same = upload_stock(&owner, exported.body.as_bytes(), &[]).await;
    assert!(same.body.contains("Nothing to change"), "{}", same.body);

    // An exact SKU exports that variant's levels only.
    let one = owner.get("/admin/inventory/export.csv?q=sup-b").await;
    assert_eq!(one.body.lines().count(), 3, "{}", one.body);

    // An empty supplier cell clears it.
    check_and_apply(&owner, "sku,location,supplier\nSUP-B,MAIN,\n").await;
    assert_eq!(default_supplier(&app, b), None);
}

crate::on_both_databases!(
    suppliers_by_file_round_trip_through_the_export,
    checks_never_applied_are_dropped_after_a_day,
    a_checked_file_changes_nothing_until_applied_then_writes_the_ledger,
    stock_that_moves_after_the_check_is_kept_and_what_cannot_apply_is_skipped,
    bad_files_and_rows_are_named_and_nothing_is_kept,
    clerks_change_stock_not_reorder_points_and_imports_stay_their_uploaders,
    reorder_points_by_file_and_the_low_filter_pages_in_sku_order,
);
