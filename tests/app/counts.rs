//! Stocktakes, one behaviour a test: starting a count of pasted SKUs, counting rows and
//! scanning, stock that moves while the count is open, the review, posting once, the recount
//! a post asks for, abandoning, and who may post; on both databases. The race of posts is in
//! `races.rs`.

use backroom::db::schema::{stock_count_lines, stock_counts};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, Page, TestApp};
use crate::common::{adjust, create, main_location, on_hand, product_fields, reason, variant_of};

/// A shop to count: at Main, 10 shirts costed 2.00 and 5 mugs.
struct Counting {
    app: TestApp,
    owner: Client,
    shirt: VariantId,
    mug: VariantId,
    main: LocationId,
}

impl Counting {
    async fn start(&self, codes: &str) -> Page {
        let main = self.main.to_string();
        let fields = [
            ("location", main.as_str()),
            ("scope", "codes"),
            ("codes", codes),
        ];
        self.owner.post("/admin/inventory/counts", &fields).await
    }

    /// A count of both variants, started: its id.
    async fn started(&self) -> i64 {
        let started = self.start("C-1\nc-2").await;
        assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
        self.app.with_db(|c| {
            stock_counts::table
                .order(stock_counts::id.desc())
                .select(stock_counts::id)
                .first(c)
                .unwrap()
        })
    }

    /// The path of a variant's line on a count.
    fn line_path(&self, count: i64, variant: VariantId) -> String {
        let line: i64 = self.app.with_db(move |c| {
            stock_count_lines::table
                .filter(stock_count_lines::count_id.eq(count))
                .filter(stock_count_lines::variant_id.eq(variant))
                .select(stock_count_lines::id)
                .first(c)
                .unwrap()
        });
        format!("/admin/inventory/counts/{count}/lines/{line}")
    }

    async fn count_line(&self, count: i64, variant: VariantId, units: &str) -> Page {
        let path = self.line_path(count, variant);
        self.owner.post(&path, &[("counted", units)]).await
    }

    /// Units leave as damaged while the count is open.
    async fn damage(&self, variant: VariantId, units: &str) {
        let damaged = reason(&self.app, "damaged");
        let fields = [
            ("mode", "remove"),
            ("quantity", units),
            ("reason", &damaged),
        ];
        let removed = adjust(&self.owner, variant, self.main, &fields).await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER);
    }

    async fn post(&self, count: i64, confirmed: bool) -> Page {
        let path = format!("/admin/inventory/counts/{count}/post");
        let fields: &[(&str, &str)] = if confirmed {
            &[("confirmed", "yes")]
        } else {
            &[]
        };
        self.owner.post(&path, fields).await
    }
}

async fn counting(db: Db) -> Counting {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Counted shirt", "C-1", "12.00");
    fields.push(("v0_cost", "2.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    let mug = create(&owner, &product_fields("Counted mug", "C-2", "8.00")).await;
    assert_eq!(mug.status, StatusCode::SEE_OTHER);
    let (shirt, mug) = (variant_of(&app, "C-1"), variant_of(&app, "C-2"));
    let main = main_location(&app);
    let received = reason(&app, "received");
    for (variant, units) in [(shirt, "10"), (mug, "5")] {
        let fields = [("mode", "add"), ("quantity", units), ("reason", &received)];
        let added = adjust(&owner, variant, main, &fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }
    Counting {
        app,
        owner,
        shirt,
        mug,
        main,
    }
}

async fn a_count_names_its_unknown_codes_and_opens_with_the_scan_box_focused(db: Db) {
    let c = counting(db).await;
    let unknown = c.start("C-1 C-2 NOPE").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("Not found: NOPE"), "{}", unknown.body);
    let count = c.started().await;
    let sheet = c
        .owner
        .get(&format!("/admin/inventory/counts/{count}"))
        .await;
    assert_eq!(sheet.count("tbody tr"), 2);
    assert!(
        sheet.attr("#scan-code", "autofocus").is_some(),
        "the scan box has the focus"
    );
}

async fn a_row_takes_whole_units_only(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    let bad = c.count_line(count, c.shirt, "7.5").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let line = c.line_path(count, c.shirt);
    let line_id = line.rsplit('/').next().unwrap();
    assert!(
        bad.attr(&format!("#counted-{line_id}"), "aria-invalid")
            .is_some()
    );
    let counted = c.count_line(count, c.shirt, "8").await;
    assert_eq!(counted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        c.app.audit_count("inventory.count_line_counted"),
        1,
        "none for the refusal"
    );
}

async fn scans_add_to_their_line_and_an_unknown_code_is_said_at_once(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    let scan = format!("/admin/inventory/counts/{count}/scan");
    // Without JavaScript a scan answers with a redirect, so a reload does not count it again.
    for _ in 0..2 {
        let scanned = c.owner.post(&scan, &[("code", "C-2"), ("units", "")]).await;
        assert_eq!(scanned.status, StatusCode::SEE_OTHER);
        scanned.assert_redirect_to(&format!("/admin/inventory/counts/{count}"));
    }
    let third = c
        .owner
        .post(&scan, &[("code", "c-2"), ("units", "1")])
        .await;
    let shown = c.owner.get(&third.location().unwrap()).await;
    assert!(shown.body.contains("C-2: 3 counted."), "{}", shown.body);
    assert!(shown.attr("#scan-code", "autofocus").is_some());
    // With htmx the sheet comes back in place, saying what was counted.
    let token = c.owner.admin_token().await;
    let htmx = c
        .owner
        .http
        .post(c.owner.url(&scan))
        .header("HX-Request", "true")
        .header("Origin", &c.owner.base)
        .form(&[("code", "C-2"), ("units", "1"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    let htmx = crate::common::Client::read(htmx).await;
    assert_eq!(htmx.status, StatusCode::OK);
    assert!(htmx.body.contains("C-2: 4 counted."), "{}", htmx.body);
    let nope = c.owner.post(&scan, &[("code", "NOPE-9")]).await;
    assert_eq!(nope.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        nope.body
            .contains("NOPE-9: no variant has this SKU or barcode."),
        "{}",
        nope.body
    );
    assert_eq!(nope.count("#scan-add"), 0);
    assert!(nope.attr("#scan-code", "autofocus").is_some());
    assert_eq!(
        c.app.audit_count("inventory.count_line_counted"),
        4,
        "one per scan"
    );
}

async fn the_review_values_the_variances(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    c.count_line(count, c.shirt, "8").await;
    c.count_line(count, c.mug, "3").await;
    let review = c
        .owner
        .get(&format!("/admin/inventory/counts/{count}/review"))
        .await;
    assert_eq!(review.status, StatusCode::OK);
    assert_eq!(review.count("tbody tr"), 2);
    // Two shirts short at 2.00 each; the mug has no cost.
    assert!(
        review.body.contains("−$4.00") || review.body.contains("-$4.00"),
        "{}",
        review.body
    );
}

async fn posting_asks_first_applies_the_variances_to_stock_as_it_is_now_and_only_once(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    c.count_line(count, c.shirt, "8").await;
    c.count_line(count, c.mug, "3").await;
    c.damage(c.shirt, "3").await;
    assert_eq!(on_hand(&c.app, c.shirt, c.main), (7, 0));
    let asked = c.post(count, false).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("2 levels at Main"), "{}", asked.body);
    assert_eq!(c.post(count, true).await.status, StatusCode::SEE_OTHER);
    // 8 counted of 10 (−2), on top of the 7 left after 3 were removed: 5. The mug: 3 of 5.
    assert_eq!(on_hand(&c.app, c.shirt, c.main), (5, 0));
    assert_eq!(on_hand(&c.app, c.mug, c.main), (3, 0));
    assert_eq!(c.post(count, true).await.status, StatusCode::CONFLICT);
    let late = c.count_line(count, c.shirt, "1").await;
    assert_eq!(
        late.status,
        StatusCode::CONFLICT,
        "a posted count takes no more"
    );
    assert_eq!(c.app.audit_count("inventory.count_posted"), 1);
    assert!(c.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn a_clerk_counts_but_may_not_post(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    let (clerk, _) = c.app.staff_member(&c.owner, "clerk").await;
    let path = c.line_path(count, c.shirt);
    let counted = clerk.post(&path, &[("counted", "8")]).await;
    assert_eq!(counted.status, StatusCode::SEE_OTHER);
    let denied = clerk
        .post(
            &format!("/admin/inventory/counts/{count}/post"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert_eq!(on_hand(&c.app, c.shirt, c.main), (10, 0));
}

async fn more_left_than_was_counted_asks_for_a_recount_and_an_abandoned_count_changes_nothing(
    db: Db,
) {
    let c = counting(db).await;
    let count = c.started().await;
    c.count_line(count, c.mug, "1").await;
    c.damage(c.mug, "5").await;
    let refused = c.post(count, true).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("C-2"), "{}", refused.body);
    let abandon = format!("/admin/inventory/counts/{count}/abandon");
    let abandoned = c.owner.post(&abandon, &[("confirmed", "yes")]).await;
    assert_eq!(abandoned.status, StatusCode::SEE_OTHER);
    let after = c.post(count, true).await;
    assert_eq!(
        after.status,
        StatusCode::CONFLICT,
        "an abandoned count is not posted"
    );
    assert_eq!(on_hand(&c.app, c.mug, c.main), (0, 0));
    assert!(c.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

/// "None found": a scan of 0 counts a line as zero, and the review counts every line not
/// counted yet as none found, asked first with what they hold.
async fn none_found_is_a_count_of_zero_by_scan_or_for_every_uncounted_line(db: Db) {
    let c = counting(db).await;
    let count = c.started().await;
    let scan = format!("/admin/inventory/counts/{count}/scan");
    let zero = c
        .owner
        .post(&scan, &[("code", "C-1"), ("units", "0")])
        .await;
    assert_eq!(zero.status, StatusCode::SEE_OTHER, "{}", zero.body);
    let shown = c.owner.get(&zero.location().unwrap()).await;
    assert!(shown.body.contains("C-1: 0 counted."), "{}", shown.body);
    let review = c
        .owner
        .get(&format!("/admin/inventory/counts/{count}/review"))
        .await;
    assert!(
        review.body.contains("Count 1 uncounted as none found"),
        "{}",
        review.body
    );
    let path = format!("/admin/inventory/counts/{count}/zero");
    let asked = c.owner.post(&path, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("Count 1 uncounted line as none found?")
            && asked.body.contains("They hold 5 units now"),
        "{}",
        asked.body
    );
    let done = c.owner.post(&path, &[("confirmed", "yes")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(c.app.audit_count("inventory.count_uncounted_zeroed"), 1);
    assert_eq!(c.post(count, true).await.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&c.app, c.shirt, c.main), (0, 0));
    assert_eq!(on_hand(&c.app, c.mug, c.main), (0, 0));
    assert!(c.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

/// An item found on the shelf that the count's scope left out is asked about, then added as
/// a line of its own with the units scanned; posting then counts it like any other line.
async fn an_item_outside_the_scope_is_added_when_asked(db: Db) {
    let c = counting(db).await;
    // A count of the shirt only; the mugs turn up on the shelf.
    let started = c.start("C-1").await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
    let count: i64 = c.app.with_db(|conn| {
        stock_counts::table
            .select(stock_counts::id)
            .first(conn)
            .unwrap()
    });
    let lines = |app: &TestApp| -> i64 {
        app.with_db(move |conn| {
            stock_count_lines::table
                .filter(stock_count_lines::count_id.eq(count))
                .count()
                .get_result(conn)
                .unwrap()
        })
    };
    assert_eq!(lines(&c.app), 1);
    let scan = format!("/admin/inventory/counts/{count}/scan");
    let asked = c
        .owner
        .post(&scan, &[("code", "c-2"), ("units", "3")])
        .await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        asked
            .body
            .contains("C-2 is not on this count: its scope left it out"),
        "{}",
        asked.body
    );
    assert_eq!(lines(&c.app), 1, "nothing added before the person says so");
    assert_eq!(
        asked.texts("#scan-add"),
        vec!["Add c-2 to this count with 3 counted"]
    );
    let add = asked.form_values("form:has(#scan-add)", &[]);
    let added = c.owner.post_values(&scan, &add).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let shown = c.owner.get(&added.location().unwrap()).await;
    assert!(shown.body.contains("C-2: 3 counted."), "{}", shown.body);
    assert_eq!(lines(&c.app), 2);
    assert_eq!(c.app.audit_count("inventory.count_line_added"), 1);
    // Five mugs were on hand; three found: posting takes two off.
    assert_eq!(
        c.count_line(count, c.shirt, "10").await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(c.post(count, true).await.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&c.app, c.mug, c.main), (3, 0));
    assert!(c.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

crate::on_both_databases!(
    an_item_outside_the_scope_is_added_when_asked,
    none_found_is_a_count_of_zero_by_scan_or_for_every_uncounted_line,
    a_count_names_its_unknown_codes_and_opens_with_the_scan_box_focused,
    a_row_takes_whole_units_only,
    scans_add_to_their_line_and_an_unknown_code_is_said_at_once,
    the_review_values_the_variances,
    posting_asks_first_applies_the_variances_to_stock_as_it_is_now_and_only_once,
    a_clerk_counts_but_may_not_post,
    more_left_than_was_counted_asks_for_a_recount_and_an_abandoned_count_changes_nothing,
);
