//! Transfers between locations: a draft with pasted lines, sending (stock leaves, incoming at
//! the destination), receiving in part, closing short, cancelling, the sheet, on both
//! databases.

use backroom::db::schema::{locations, transfers};
use backroom::domain::ids::{LocationId, VariantId};
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, Page, TestApp, id_of};
use crate::common::{adjust, incoming, main_location, on_hand, reason, tracked_product};

async fn warehouse(app: &TestApp, owner: &Client) -> LocationId {
    let form = owner.get("/admin/inventory/locations/new").await;
    let created = owner
        .post_form(
            "/admin/inventory/locations",
            &form,
            &[("name", "Warehouse"), ("code", "WH"), ("priority", "20")],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    app.with_db(|conn| {
        locations::table
            .filter(locations::code_key.eq("WH"))
            .select(locations::id)
            .first(conn)
            .unwrap()
    })
}

async fn draft(owner: &Client, from: LocationId, to: LocationId, lines: &str) -> Page {
    let form = owner.get("/admin/inventory/transfers/new").await;
    let (from, to) = (from.to_string(), to.to_string());
    owner
        .post_form(
            "/admin/inventory/transfers",
            &form,
            &[
                ("from", &from),
                ("to", &to),
                ("lines", lines),
                ("note", "Weekly top-up"),
            ],
        )
        .await
}

/// Ten shirts (TR-1) and four mugs (TR-2) at the main location, and a warehouse.
struct Stocked {
    app: TestApp,
    owner: Client,
    shirt: VariantId,
    mug: VariantId,
    main: LocationId,
    wh: LocationId,
}

async fn stocked(db: Db) -> Stocked {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let shirt = tracked_product(&app, &owner, "TR-1").await;
    let mug = tracked_product(&app, &owner, "TR-2").await;
    let main = main_location(&app);
    let wh = warehouse(&app, &owner).await;
    let received = reason(&app, "received");
    for (variant, units) in [(shirt, "10"), (mug, "4")] {
        let fields = [("mode", "add"), ("quantity", units), ("reason", &received)];
        let added = adjust(&owner, variant, main, &fields).await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }
    Stocked {
        app,
        owner,
        shirt,
        mug,
        main,
        wh,
    }
}

impl Stocked {
    /// A transfer of 6 shirts and 4 mugs to the warehouse, sent.
    async fn sent(&self) -> i64 {
        let id = id_of(&draft(&self.owner, self.main, self.wh, "tr-1 6\nTR-2, 4").await);
        let sent = self.owner.post(&send_path(id), &[]).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER);
        id
    }

    /// The receipt's field names of a transfer's two lines, in order.
    fn line_fields(&self, id: i64) -> (String, String) {
        let lines: Vec<i64> = self.app.with_db(move |conn| {
            use backroom::db::schema::transfer_lines;
            transfer_lines::table
                .filter(transfer_lines::transfer_id.eq(id))
                .order(transfer_lines::id.asc())
                .select(transfer_lines::id)
                .load(conn)
                .unwrap()
        });
        (format!("line_{}", lines[0]), format!("line_{}", lines[1]))
    }
}

fn send_path(id: i64) -> String {
    format!("/admin/inventory/transfers/{id}/send")
}

async fn a_bad_transfer_draft_is_refused_and_saves_nothing(db: Db) {
    let Stocked {
        app,
        owner,
        main,
        wh,
        ..
    } = stocked(db).await;
    let unknown = draft(&owner, main, wh, "TR-1 6\nNOPE 1").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("NOPE: no variant has this SKU"));
    let same = draft(&owner, main, main, "TR-1 6").await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(same.attr("#f-to", "aria-invalid").is_some());
    let fraction = draft(&owner, main, wh, "TR-1 1.5").await;
    assert_eq!(fraction.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Every line's problem in one round: the lines that do not read and the unknown codes.
    let many = draft(&owner, main, wh, "TR-1 1.5\nNOPE 2\nTR-1 x y\nGONE-9").await;
    assert_eq!(many.status, StatusCode::UNPROCESSABLE_ENTITY);
    let said = many.texts("#f-lines-error");
    assert_eq!(said.len(), 1, "{}", many.body);
    assert!(
        said[0].starts_with("4 lines have problems: Line 1 (TR-1):")
            && said[0].contains("NOPE: no variant has this SKU")
            && said[0].contains("GONE-9: no variant has this SKU"),
        "{said:?}"
    );
    // The lines stay as typed.
    assert!(many.body.contains("GONE-9</textarea>"), "{}", many.body);
    let saved = app.with_db(|c| transfers::table.count().get_result::<i64>(c).unwrap());
    assert_eq!(saved, 0);
}

async fn a_line_may_name_its_variant_by_barcode_but_not_twice(db: Db) {
    let s = stocked(db).await;
    let shirt = s.shirt;
    s.app.with_db(move |conn| {
        use backroom::db::schema::variants;
        diesel::update(variants::table.find(shirt))
            .set(variants::barcode.eq("4006381333931"))
            .execute(conn)
            .unwrap()
    });
    let twice = draft(&s.owner, s.main, s.wh, "TR-1 1\n4006381333931 1").await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(twice.body.contains("TR-1: listed twice"), "{}", twice.body);
    let by_barcode = draft(&s.owner, s.main, s.wh, "4006381333931 2\ntr-2 1").await;
    assert_eq!(
        by_barcode.status,
        StatusCode::SEE_OTHER,
        "{}",
        by_barcode.body
    );
    let id = id_of(&by_barcode);
    let lines: Vec<(VariantId, i64)> = s.app.with_db(move |conn| {
        use backroom::db::schema::transfer_lines;
        transfer_lines::table
            .filter(transfer_lines::transfer_id.eq(id))
            .order(transfer_lines::id.asc())
            .select((transfer_lines::variant_id, transfer_lines::quantity))
            .load(conn)
            .unwrap()
    });
    assert_eq!(lines, vec![(s.shirt, 2), (s.mug, 1)]);
}

async fn a_draft_moves_no_stock_and_a_clerk_cannot_send_it(db: Db) {
    let s = stocked(db).await;
    assert_eq!(
        s.owner.get("/admin/inventory/transfers").await.status,
        StatusCode::OK
    );
    let id = id_of(&draft(&s.owner, s.main, s.wh, "tr-1 6\nTR-2, 4").await);
    assert_eq!(crate::status_of!(s.app, transfers, id), "draft");
    let shown = s
        .owner
        .get(&format!("/admin/inventory/transfers/{id}"))
        .await;
    assert!(shown.body.contains("TR-1 6"), "the draft's lines, as typed");
    assert_eq!(on_hand(&s.app, s.shirt, s.main), (10, 0));
    let (clerk, _) = s.app.staff_member(&s.owner, "clerk").await;
    let page = clerk.get(&format!("/admin/inventory/transfers/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "a clerk may look");
    let denied = clerk.post_form(&send_path(id), &page, &[]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "but not send");
}

async fn sending_takes_the_stock_from_the_origin_once(db: Db) {
    let s = stocked(db).await;
    let id = s.sent().await;
    assert_eq!(crate::status_of!(s.app, transfers, id), "sent");
    assert_eq!(on_hand(&s.app, s.shirt, s.main), (4, 0));
    assert_eq!(on_hand(&s.app, s.mug, s.main), (0, 0));
    let incoming_now = (
        incoming(&s.app, s.shirt, s.wh),
        incoming(&s.app, s.mug, s.wh),
    );
    assert_eq!(incoming_now, (6, 4));
    let history = s
        .owner
        .get(&format!("/admin/inventory/variants/{}", s.mug))
        .await;
    let on_the_way = history.texts("#on-the-way tbody tr");
    assert!(
        on_the_way.len() == 1 && on_the_way[0].contains(&format!("Transfer #{id}")),
        "{on_the_way:?}"
    );
    let again = s.owner.post(&send_path(id), &[]).await;
    assert_eq!(
        again.status,
        StatusCode::CONFLICT,
        "a transfer is sent once"
    );
    assert_eq!(on_hand(&s.app, s.shirt, s.main), (4, 0));
}

async fn receiving_more_than_is_on_the_way_is_refused_and_a_part_leaves_the_rest_open(db: Db) {
    let s = stocked(db).await;
    let id = s.sent().await;
    let (shirt_line, mug_line) = s.line_fields(id);
    let receive = format!("/admin/inventory/transfers/{id}/receive");
    let too_many = s
        .owner
        .post(&receive, &[(&shirt_line, "5"), (&mug_line, "9")])
        .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.body.contains("Only 4 of TR-2 still on the way"));
    assert_eq!(on_hand(&s.app, s.shirt, s.wh), (0, 0), "nothing moved");
    let part = s
        .owner
        .post(&receive, &[(&shirt_line, "5"), (&mug_line, "")])
        .await;
    assert_eq!(part.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&s.app, s.shirt, s.wh), (5, 0));
    let incoming_now = (
        incoming(&s.app, s.shirt, s.wh),
        incoming(&s.app, s.mug, s.wh),
    );
    assert_eq!(incoming_now, (1, 4));
    assert_eq!(
        crate::status_of!(s.app, transfers, id),
        "sent",
        "the shortfall is left open"
    );
}

async fn closing_short_asks_first_then_writes_the_rest_off(db: Db) {
    let s = stocked(db).await;
    let id = s.sent().await;
    let (shirt_line, _) = s.line_fields(id);
    let receive = format!("/admin/inventory/transfers/{id}/receive");
    s.owner.post(&receive, &[(&shirt_line, "5")]).await;
    let close = format!("/admin/inventory/transfers/{id}/close");
    let asked = s.owner.post(&close, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("lost in transit"));
    assert_eq!(
        crate::status_of!(s.app, transfers, id),
        "sent",
        "asking writes nothing"
    );
    let closed = s.owner.post(&close, &[("confirmed", "yes")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(crate::status_of!(s.app, transfers, id), "closed");
    let incoming_now = (
        incoming(&s.app, s.shirt, s.wh),
        incoming(&s.app, s.mug, s.wh),
    );
    assert_eq!(incoming_now, (0, 0));
    assert_eq!(s.app.audit_count("inventory.transfer_closed"), 1);
    assert!(s.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn cancelling_a_sent_transfer_returns_its_stock(db: Db) {
    let s = stocked(db).await;
    let id = s.sent().await;
    let short = id_of(&draft(&s.owner, s.main, s.wh, "TR-1 5").await);
    let refused = s.owner.post(&send_path(short), &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("TR-1: 4 available, 5 wanted"));
    let cancel = format!("/admin/inventory/transfers/{id}/cancel");
    let cancelled = s.owner.post(&cancel, &[("confirmed", "yes")]).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(crate::status_of!(s.app, transfers, id), "cancelled");
    assert_eq!(on_hand(&s.app, s.shirt, s.main), (10, 0));
    assert_eq!(incoming(&s.app, s.shirt, s.wh), 0);
    assert!(s.app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn the_sheet_and_the_stock_history_name_the_transfer(db: Db) {
    let s = stocked(db).await;
    let id = s.sent().await;
    let sheet = s
        .owner
        .get(&format!("/admin/inventory/transfers/{id}/sheet"))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    assert!(sheet.body.contains("TR-2") && sheet.body.contains("Warehouse"));
    let history = s
        .owner
        .get(&format!("/admin/inventory/variants/{}", s.shirt))
        .await;
    assert!(
        history
            .body
            .contains(&format!("/admin/inventory/transfers/{id}")),
        "movements link their transfer"
    );
}

async fn new_location(app: &TestApp, owner: &Client, name: &str, code: &str) -> LocationId {
    let created = owner
        .post(
            "/admin/inventory/locations",
            &[("name", name), ("code", code)],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let code = code.to_owned();
    app.with_db(move |conn| {
        locations::table
            .filter(locations::code_key.eq(code))
            .select(locations::id)
            .first(conn)
            .unwrap()
    })
}

async fn a_clerk_limited_to_a_location_gets_full_pages_of_its_transfers(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    tracked_product(&app, &owner, "PG-1").await;
    let main = main_location(&app);
    let wh = new_location(&app, &owner, "Warehouse", "WH").await;
    let pop = new_location(&app, &owner, "Pop-up", "POP").await;
    // The clerk's one transfer is older than 51 others between two other locations.
    assert_eq!(
        draft(&owner, main, wh, "PG-1 1").await.status,
        StatusCode::SEE_OTHER
    );
    for _ in 0..51 {
        assert_eq!(
            draft(&owner, wh, pop, "PG-1 1").await.status,
            StatusCode::SEE_OTHER
        );
    }
    let (clerk, email) = app.staff_member(&owner, "clerk").await;
    let clerk_id: i64 = app.with_db(move |c| {
        use backroom::db::schema::staff;
        staff::table
            .filter(staff::email_key.eq(email.to_lowercase()))
            .select(staff::id)
            .first(c)
            .unwrap()
    });
    let limited = owner
        .post(
            &format!("/admin/inventory/access/{clerk_id}"),
            &[("location", &main.to_string())],
        )
        .await;
    assert_eq!(limited.status, StatusCode::SEE_OTHER);

    let list = clerk.get("/admin/inventory/transfers").await;
    assert_eq!(list.count("tbody tr"), 1, "{}", list.body);
    assert_eq!(list.count("nav.pagination a"), 0, "nothing more to page to");

    // The owner pages through all 52, 50 and 2, and back.
    let first = owner.get("/admin/inventory/transfers").await;
    assert_eq!(first.count("tbody tr"), 50);
    let older = first.attr("nav.pagination a", "href").unwrap();
    let second = owner.get(&older).await;
    assert_eq!(second.count("tbody tr"), 2);
    let newer = second.attr("nav.pagination a", "href").unwrap();
    assert!(newer.contains("before="), "{newer}");
    assert_eq!(owner.get(&newer).await.count("tbody tr"), 50);
}

/// A draft with one line of TR-S, from Main to a new warehouse; (app, owner, draft id).
async fn a_draft(db: Db) -> (TestApp, Client, i64) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let shirt = tracked_product(&app, &owner, "TR-S").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        shirt,
        main,
        &[("mode", "add"), ("quantity", "5"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let wh = warehouse(&app, &owner).await;
    let created = draft(&owner, main, wh, "TR-S 2").await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_of(&created);
    (app, owner, id)
}

async fn a_draft_saved_by_someone_else_since_it_was_opened_is_not_overwritten(db: Db) {
    let (app, owner, id) = a_draft(db).await;
    let path = format!("/admin/inventory/transfers/{id}");
    let opened = owner.get(&path).await;
    let selector = format!("form[action='{path}']");
    let mine = opened.form_values(&selector, &[("lines", "TR-S 5"), ("note", "mine")]);
    let theirs = opened.form_values(&selector, &[("lines", "TR-S 3"), ("note", "theirs")]);
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
        transfers::table
            .find(id)
            .select(transfers::note)
            .first(c)
            .unwrap()
    });
    assert_eq!(note, "theirs", "the other save stands");
    assert_eq!(app.audit_count("inventory.transfer_updated"), 1);
}

async fn a_draft_cannot_be_edited_once_sent(db: Db) {
    let (app, owner, id) = a_draft(db).await;
    let path = format!("/admin/inventory/transfers/{id}");
    let opened = owner.get(&path).await;
    let fields = opened.form_values(&format!("form[action='{path}']"), &[("lines", "TR-S 1")]);
    let sent = owner
        .post(&format!("/admin/inventory/transfers/{id}/send"), &[])
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    let edited = owner.post_values(&path, &fields).await;
    assert_eq!(edited.status, StatusCode::CONFLICT, "{}", edited.body);
    assert_eq!(crate::status_of!(app, transfers, id), "sent");
    let units: i64 = app.with_db(move |c| {
        use backroom::db::schema::transfer_lines;
        transfer_lines::table
            .filter(transfer_lines::transfer_id.eq(id))
            .select(transfer_lines::quantity)
            .first(c)
            .unwrap()
    });
    assert_eq!(units, 2, "the lines sent are the lines kept");
}

/// Sending more than the origin holds is refused on the transfer's own page (409), saying
/// what is short, with the draft as it was: not on an error page.
async fn a_send_refused_for_too_little_stock_is_said_on_the_transfer_page(db: Db) {
    let s = stocked(db).await;
    let drafted = draft(&s.owner, s.main, s.wh, "TR-1 60").await;
    let id = id_of(&drafted);
    // Saving already says what the origin lacks.
    let saved = s.owner.get(&drafted.location().unwrap()).await;
    assert!(
        saved
            .body
            .contains("Not enough at Main yet to send it: TR-1 (10 of 60)."),
        "{}",
        saved.body
    );
    let refused = s.owner.post(&send_path(id), &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("TR-1"), "{}", refused.body);
    assert!(
        refused.body.contains("flash-error"),
        "the refusal is on the page: {}",
        refused.body
    );
    let edit = format!("form[action='/admin/inventory/transfers/{id}']");
    assert!(
        refused.count(&edit) == 1,
        "the draft's form is there: {}",
        refused.body
    );
    assert!(!refused.body.contains("Changed by someone else"));
    assert_eq!(crate::status_of!(s.app, transfers, id), "draft");
    assert_eq!(on_hand(&s.app, s.shirt, s.main), (10, 0));
}

crate::on_both_databases!(
    a_send_refused_for_too_little_stock_is_said_on_the_transfer_page,
    a_draft_saved_by_someone_else_since_it_was_opened_is_not_overwritten,
    a_draft_cannot_be_edited_once_sent,
    a_bad_transfer_draft_is_refused_and_saves_nothing,
    a_line_may_name_its_variant_by_barcode_but_not_twice,
    a_draft_moves_no_stock_and_a_clerk_cannot_send_it,
    sending_takes_the_stock_from_the_origin_once,
    receiving_more_than_is_on_the_way_is_refused_and_a_part_leaves_the_rest_open,
    closing_short_asks_first_then_writes_the_rest_off,
    cancelling_a_sent_transfer_returns_its_stock,
    the_sheet_and_the_stock_history_name_the_transfer,
    a_clerk_limited_to_a_location_gets_full_pages_of_its_transfers
);
