//! The inventory list's rows, changed in place: a row opens into its forms, a save answers
//! with that row alone (new figures, a toast, the focus back on its button), a refused save
//! keeps what was typed and says why in the row; the list pages stay light, gzipped on the wire.

use reqwest::StatusCode;

use crate::common::{
    Db, TestApp, apply, catalog_csv, main_location, on_hand, reason, tracked_product, upload,
};

async fn a_row_is_adjusted_in_place_and_a_refusal_stays_in_the_row(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "ROW-A").await;
    let main = main_location(&app);
    let list_path = format!("/admin/inventory?location={main}");
    let row = format!("stock-{variant}");
    let list = owner.get(&list_path).await;
    assert_eq!(list.count("tbody form"), 0);
    // Without JavaScript the row's button is a link to the adjust page, back to this list.
    let href = list.attr(&format!("#{row} a.button"), "href").unwrap();
    assert!(
        href.starts_with("/admin/inventory/adjust?variant="),
        "{href}"
    );
    assert!(
        href.contains("back=%2Fadmin%2Finventory%3Flocation%3D"),
        "{href}"
    );
    assert_eq!(owner.get(&href).await.status, StatusCode::OK);

    let open_path = list.attr(&format!("#{row} a.button"), "hx-get").unwrap();
    let open = owner.get_fragment(&open_path, &row).await;
    assert_eq!(open.status, StatusCode::OK);
    assert_eq!(open.count(&format!("tbody#{row} .row-editor form")), 2);
    assert!(
        open.attr(&format!("#qa-qty-{variant}"), "autofocus")
            .is_some()
    );
    // Each field has its label.
    for field in ["qa-mode", "qa-qty", "qa-reason", "qa-note"] {
        assert_eq!(
            open.count(&format!("label[for={field}-{variant}]")),
            1,
            "{field}"
        );
    }

    let (variant_id, location_id) = (variant.to_string(), main.to_string());
    let received = reason(&app, "received");
    let post = |fields: Vec<(&'static str, String)>| {
        let mut all = vec![
            ("variant", variant_id.clone()),
            ("location", location_id.clone()),
            ("back", list_path.clone()),
        ];
        all.extend(fields);
        all
    };
    let send = |fields: Vec<(&'static str, String)>| {
        let owner = &owner;
        let open = &open;
        let row = row.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            owner
                .post_fragment("/admin/inventory/adjust", open, &pairs, &row)
                .await
        }
    };

    let saved = send(post(vec![
        ("mode", "add".into()),
        ("quantity", "1200".into()),
        ("reason", received.clone()),
        ("expected", "0".into()),
    ]))
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert!(
        saved.body.trim_start().starts_with("<tbody"),
        "{}",
        saved.body
    );
    assert_eq!(saved.count(".row-editor"), 0);
    assert_eq!(
        saved.texts(&format!("#{row} td[data-label='On hand']")),
        vec!["1,200"]
    );
    assert_eq!(saved.count(&format!("tbody#{row}.row-saved")), 1);
    assert!(
        saved
            .attr(&format!("#{row} a[autofocus]"), "href")
            .is_some()
    );
    let toast = saved.header("hx-trigger").unwrap();
    assert!(
        toast.contains("backroom:toast") && toast.contains("ROW-A"),
        "{toast}"
    );
    assert_eq!(on_hand(&app, variant, main), (1200, 0));

    // A refused save: the row stays open with what was typed and the reason why.
    let refused = send(post(vec![
        ("mode", "remove".into()),
        ("quantity", "5000".into()),
        ("reason", received.clone()),
        ("note", "shelf count".into()),
        ("expected", "1200".into()),
    ]))
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.count(&format!("tbody#{row} .row-editor [role=alert]")),
        1,
        "{}",
        refused.body
    );
    assert_eq!(
        refused
            .attr(&format!("#qa-qty-{variant}"), "value")
            .as_deref(),
        Some("5000")
    );
    assert!(
        refused
            .attr(&format!("#qa-qty-{variant}"), "aria-invalid")
            .is_some()
    );
    assert!(
        refused
            .attr(&format!("#qa-qty-{variant}"), "autofocus")
            .is_some()
    );
    assert_eq!(
        refused
            .attr(&format!("#qa-note-{variant}"), "value")
            .as_deref(),
        Some("shelf count")
    );
    assert_eq!(
        refused
            .attr(&format!("#qa-mode-{variant} option[selected]"), "value")
            .as_deref(),
        Some("remove")
    );
    assert_eq!(on_hand(&app, variant, main), (1200, 0));

    // Stock moved since the row was read: the row says so and carries the new figure.
    let moved = send(post(vec![
        ("mode", "set".into()),
        ("quantity", "3".into()),
        ("reason", received.clone()),
        ("expected", "7".into()),
    ]))
    .await;
    assert_eq!(moved.status, StatusCode::CONFLICT);
    assert!(
        moved.body.contains("On hand changed to 1,200"),
        "{}",
        moved.body
    );
    assert_eq!(
        moved.attr("input[name=expected]", "value").as_deref(),
        Some("1200")
    );
    assert_eq!(on_hand(&app, variant, main), (1200, 0));

    // Closing the row gives it back as it was, with its button focused.
    let close = open
        .attr(&format!("#{row} .row-editor a[hx-get]"), "hx-get")
        .unwrap();
    let closed = owner.get_fragment(&close, &row).await;
    assert_eq!(closed.count(".row-editor"), 0);
    assert!(
        closed
            .attr(&format!("#{row} a[autofocus]"), "href")
            .is_some()
    );

    // A viewer reads the row but has no button; a location outside a limit is refused.
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let seen = viewer.get_fragment(&close, &row).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.count("a.button"), 0);
    assert_eq!(
        viewer
            .get_fragment("/admin/inventory/rows/999999?location=1", "stock-999999")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// Fifty rows of the inventory pages stay under 60 KB, and under 15 KB gzipped on the wire.
async fn inventory_pages_of_fifty_rows_are_light_and_compressed(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let uploaded = upload(&owner, &catalog_csv(40)).await;
    assert_eq!(apply(&owner, &uploaded).await.status, StatusCode::SEE_OTHER);
    app.jobs_finished().await;
    let main = main_location(&app);
    let main_id = main.to_string();
    let every = [
        ("location", main_id.as_str()),
        ("point", "5"),
        ("confirmed", "yes"),
    ];
    let set = owner.post("/admin/inventory/reorder/bulk", &every).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    for path in [
        format!("/admin/inventory?location={main}&per=50"),
        "/admin/inventory?per=50".to_owned(),
        format!("/admin/inventory/reorder?location={main}"),
        "/admin/inventory/movements".to_owned(),
    ] {
        let page = owner.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.count("tbody tr"), 50, "{path}");
        assert!(
            page.body.len() < 60_000,
            "{path}: {} bytes",
            page.body.len()
        );
        let zipped = owner
            .http
            .get(owner.url(&path))
            .header("Accept-Encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(
            zipped
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("gzip"),
            "{path}"
        );
        let wire = zipped.bytes().await.unwrap().len();
        assert!(wire < 15_000, "{path}: {wire} bytes gzipped");
    }
}

/// The "all locations" list opens a row into its figures at each location; a person limited
/// to some locations gets no sums over all of them.
async fn an_all_locations_row_opens_into_each_location(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "ALL-1").await;
    let made = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Back room"), ("code", "BACK")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let row = format!("stock-{variant}");
    let list = owner.get("/admin/inventory").await;
    let button = format!("#{row} a[hx-get$='edit=1']");
    assert!(
        list.attr(&button, "href")
            .is_some_and(|href| href.ends_with("/stock")),
        "without JavaScript: the product's stock grid"
    );
    let open = owner
        .get_fragment(&list.attr(&button, "hx-get").unwrap(), &row)
        .await;
    assert_eq!(open.status, StatusCode::OK);
    assert_eq!(
        open.texts(".per-location tbody th"),
        vec!["Main", "Back room"]
    );
    let closed = owner
        .get_fragment(&format!("/admin/inventory/rows/{variant}"), &row)
        .await;
    assert_eq!(closed.count(".per-location"), 0);
    // A viewer may look; a clerk limited to one location gets no sums over all.
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let seen = viewer
        .get_fragment(&format!("/admin/inventory/rows/{variant}?edit=1"), &row)
        .await;
    assert_eq!(seen.count(".per-location tbody tr"), 2);
    let clerk = crate::limits::limited(&app, &owner, "clerk", main_location(&app)).await;
    let refused = clerk
        .get_fragment(&format!("/admin/inventory/rows/{variant}?edit=1"), &row)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

crate::on_both_databases!(
    an_all_locations_row_opens_into_each_location,
    the_line_picker_finds_variants_with_their_stock_per_location,
    a_row_is_adjusted_in_place_and_a_refusal_stays_in_the_row,
    inventory_pages_of_fifty_rows_are_light_and_compressed,
);

/// The line picker finds tracked variants by title, SKU or barcode, the exact code first,
/// with what is available at each of the person's locations.
async fn the_line_picker_finds_variants_with_their_stock_per_location(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let uploaded = upload(&owner, &catalog_csv(12)).await;
    assert_eq!(apply(&owner, &uploaded).await.status, StatusCode::SEE_OTHER);
    app.jobs_finished().await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    let variant = crate::common::variant_of(&app, "ITEM-011-M");
    let added = crate::common::adjust(
        &owner,
        variant,
        main,
        &[("mode", "add"), ("quantity", "1200"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);

    // The draft pages carry the picker (shown by the script).
    for path in [
        "/admin/inventory/purchase-orders/new",
        "/admin/inventory/transfers/new",
    ] {
        let page = owner.get(path).await;
        assert_eq!(
            page.count(".variant-picker[data-picker-for=f-lines]"),
            1,
            "{path}"
        );
        assert_eq!(page.count("label[for=picker-q]"), 1);
    }

    let words = owner.get("/admin/inventory/picker?q=item").await;
    assert_eq!(words.status, StatusCode::OK);
    assert_eq!(words.count("[data-pick]"), 10, "at most ten");
    let exact = owner.get("/admin/inventory/picker?q=item-011-m").await;
    let picks: Vec<String> = exact
        .html()
        .select(&scraper::Selector::parse("[data-pick]").unwrap())
        .map(|b| b.value().attr("data-pick").unwrap().to_owned())
        .collect();
    assert_eq!(
        picks.first().map(String::as_str),
        Some("ITEM-011-M"),
        "{picks:?}"
    );
    let stock = exact.texts(&format!("#pick-{variant} .picker-stock"));
    assert_eq!(stock, vec!["Main 1,200"]);
    let none = owner.get("/admin/inventory/picker?q=zzzz").await;
    assert!(
        none.body.contains("No tracked variant matches"),
        "{}",
        none.body
    );
    assert_eq!(
        owner
            .get("/admin/inventory/picker?q=")
            .await
            .count("[data-pick]"),
        0
    );
}
