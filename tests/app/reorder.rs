//! Reorder points: for a whole view, for one level, the low-stock list, and the draft purchase
//! orders it makes per default supplier; on both databases.

use backroom::db::schema::{purchase_order_lines, purchase_orders, stock_levels, suppliers};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Db, TestApp};
use crate::common::{adjust, main_location, reason, tracked_product, variant_of};
use crate::common::{apply, catalog_csv, create, product_fields, upload};

async fn low_stock_becomes_purchase_orders(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    for (title, sku, cost) in [
        ("Reorder shirt", "R-1", Some("3.00")),
        ("Reorder mug", "R-2", None),
        ("Reorder cap", "R-3", Some("1.00")),
    ] {
        let mut fields = product_fields(title, sku, "9.00");
        if let Some(cost) = cost {
            fields.push(("v0_cost", cost));
        }
        assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    }
    let (shirt, mug, cap) = (
        variant_of(&app, "R-1"),
        variant_of(&app, "R-2"),
        variant_of(&app, "R-3"),
    );
    let main = main_location(&app);
    let main_id = main.to_string();
    let received = reason(&app, "received");
    for (variant, units) in [(shirt, "2"), (mug, "1")] {
        adjust(
            &owner,
            variant,
            main,
            &[("mode", "add"), ("quantity", units), ("reason", &received)],
        )
        .await;
    }
    owner
        .post("/admin/inventory/suppliers", &[("name", "Reorder Supply")])
        .await;
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    for variant in [shirt, mug] {
        let set = owner
            .post(
                &format!("/admin/inventory/variants/{variant}/supplier"),
                &[("supplier", &supplier.to_string())],
            )
            .await;
        assert_eq!(set.status, StatusCode::SEE_OTHER);
    }

    // Every level the view lists: asked first, with how many.
    let bulk = [
        ("location", main_id.as_str()),
        ("q", "reorder"),
        ("point", "5"),
        ("quantity", "10"),
    ];
    let asked = owner.post("/admin/inventory/reorder/bulk", &bulk).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("3 levels listed"), "{}", asked.body);
    let mut confirmed = bulk.to_vec();
    confirmed.push(("confirmed", "yes"));
    assert_eq!(
        owner
            .post("/admin/inventory/reorder/bulk", &confirmed)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let points: Vec<Option<i64>> = app.with_db(|c| {
        stock_levels::table
            .order(stock_levels::variant_id.asc())
            .select(stock_levels::reorder_point)
            .load(c)
            .unwrap()
    });
    assert_eq!(points, vec![Some(5), Some(5), Some(5)]);
    let bad = owner
        .post(
            "/admin/inventory/reorder/level",
            &[
                ("variant", &cap.to_string()),
                ("location", &main_id),
                ("point", "1.5"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let one = owner
        .post(
            "/admin/inventory/reorder/level",
            &[
                ("variant", &cap.to_string()),
                ("location", &main_id),
                ("point", "1"),
                ("quantity", ""),
            ],
        )
        .await;
    assert_eq!(one.status, StatusCode::SEE_OTHER);

    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    assert_eq!(
        clerk
            .post("/admin/inventory/reorder/bulk", &confirmed)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    let low = owner
        .get(&format!("/admin/inventory/reorder?location={main}"))
        .await;
    assert_eq!(low.count("tbody tr"), 3, "{}", low.body);
    assert_eq!(
        low.attr(&format!("#units-{shirt}"), "value").as_deref(),
        Some("10")
    );
    let (s, m, c) = (shirt.to_string(), mug.to_string(), cap.to_string());
    let (us, um, uc) = (
        format!("units_{shirt}"),
        format!("units_{mug}"),
        format!("units_{cap}"),
    );
    assert_eq!(
        low.count("input[name=pick][checked]"),
        0,
        "nothing ticked by default"
    );
    assert!(low.body.contains("3 low at Main"), "{}", low.body);
    let picked = [
        ("location", main_id.as_str()),
        ("pick", &s),
        (&us, "10"),
        ("pick", &m),
        (&um, "10"),
        ("pick", &c),
        (&uc, "4"),
    ];
    // Asked first, naming the purchase order it will draft; nothing drafted yet.
    let asked = owner.post("/admin/inventory/reorder/orders", &picked).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("Draft 1 purchase order?")
            && asked.body.contains("Reorder Supply: 1 line, 10 units"),
        "{}",
        asked.body
    );
    let none: i64 = app.with_db(|c| purchase_orders::table.count().get_result(c).unwrap());
    assert_eq!(none, 0, "nothing drafted before the answer");
    let mut confirmed = picked.to_vec();
    confirmed.push(("confirmed", "yes"));
    let ordered = owner
        .post("/admin/inventory/reorder/orders", &confirmed)
        .await;
    assert_eq!(ordered.status, StatusCode::SEE_OTHER);
    let orders: Vec<(i64, String)> = app.with_db(|c| {
        purchase_orders::table
            .select((purchase_orders::id, purchase_orders::status))
            .load(c)
            .unwrap()
    });
    assert_eq!(orders.len(), 1, "one supplier, one order");
    assert_eq!(orders[0].1, "draft");
    let lines: Vec<(i64, i64)> = app.with_db(|c| {
        purchase_order_lines::table
            .select((
                purchase_order_lines::quantity,
                purchase_order_lines::unit_cost,
            ))
            .load(c)
            .unwrap()
    });
    assert_eq!(
        lines,
        vec![(10, 300)],
        "the mug has no cost and the cap no supplier: left out"
    );
    let drafts = owner
        .get("/admin/inventory/purchase-orders?status=draft")
        .await;
    assert!(
        drafts.body.contains("R-2 (no cost yet)")
            && drafts.body.contains("R-3 (no default supplier)"),
        "{}",
        drafts.body
    );
}

/// A row of the inventory list opens into its reorder form in place and comes back closed
/// with the new settings; a refused value stays in the open row with its message.
async fn reorder_points_are_set_in_the_row(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "ROW-1").await;
    let main = main_location(&app);
    let list_path = format!("/admin/inventory?location={main}");
    let row = format!("stock-{variant}");
    let back = serde_urlencoded::to_string([("back", list_path.as_str())]).unwrap();
    let list = owner.get(&list_path).await;
    // The list carries no forms; the row's button asks for its forms.
    assert_eq!(list.count("tbody form"), 0);
    let open_path = list
        .attr(&format!("#{row} a[hx-get*='edit=1']"), "hx-get")
        .unwrap();
    // htmx names the page it is on (HX-Current-URL); a `back` does the same.
    let open = owner
        .get_fragment(&format!("{open_path}&{back}"), &row)
        .await;
    assert_eq!(open.status, StatusCode::OK);
    assert!(
        open.body.trim_start().starts_with("<tbody"),
        "{}",
        open.body
    );
    let form = "form[action='/admin/inventory/reorder/level']";
    assert_eq!(
        open.attr(&format!("{form} input[name=back]"), "value")
            .as_deref(),
        Some(list_path.as_str())
    );
    let (variant_id, location_id) = (variant.to_string(), main.to_string());
    let fields = |point: &'static str, back: &str| {
        vec![
            ("variant", variant_id.clone()),
            ("location", location_id.clone()),
            ("point", point.to_owned()),
            ("quantity", "10".to_owned()),
            ("back", back.to_owned()),
        ]
    };
    let refused_fields = fields("-4", &list_path);
    let refused_fields: Vec<(&str, &str)> = refused_fields
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    let refused = owner
        .post_fragment(
            "/admin/inventory/reorder/level",
            &open,
            &refused_fields,
            &row,
        )
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
            .attr(&format!("#ro-point-{variant}"), "value")
            .as_deref(),
        Some("-4")
    );
    let saved_fields = fields("4", &list_path);
    let saved_fields: Vec<(&str, &str)> =
        saved_fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = owner
        .post_fragment("/admin/inventory/reorder/level", &open, &saved_fields, &row)
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.count(".row-editor"), 0);
    assert_eq!(saved.texts(".reorder-at"), vec!["Reorder at 4 · 10"]);
    assert!(
        saved
            .attr(&format!("#{row} a[autofocus]"), "href")
            .is_some()
    );
    assert!(
        saved
            .header("hx-trigger")
            .unwrap()
            .contains("Reorder point saved."),
        "{:?}",
        saved.header("hx-trigger")
    );
    // Without JavaScript the same post comes back to the list; never to another site.
    let plain = owner
        .post_form("/admin/inventory/reorder/level", &open, &saved_fields)
        .await;
    plain.assert_redirect_to(&list_path);
    let away = fields("4", "https://evil.example/admin/inventory");
    let away: Vec<(&str, &str)> = away.iter().map(|(k, v)| (*k, v.as_str())).collect();
    owner
        .post_form("/admin/inventory/reorder/level", &list, &away)
        .await
        .assert_redirect_to("/admin/inventory");
    // A clerk sees the settings, and opens the row to adjust only.
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let seen = clerk.get(&list_path).await;
    assert!(seen.body.contains("Reorder at 4 · 10"), "{}", seen.body);
    let opened = clerk
        .get_fragment(
            &format!("/admin/inventory/rows/{variant}?location={main}&edit=1&{back}"),
            &row,
        )
        .await;
    assert_eq!(opened.count(form), 0);
    assert_eq!(opened.count("form[action='/admin/inventory/adjust']"), 1);
}

/// Every low level is listed, a page at a time, with its count; the count agrees with the stock
/// export's low rows; filters narrow it; a line already on a transfer is flagged and left out
/// of "order all that match", which asks first like a pick does.
async fn the_low_stock_list_pages_through_every_low_level_and_orders_all_that_match(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let uploaded = upload(&owner, &catalog_csv(30)).await;
    assert_eq!(apply(&owner, &uploaded).await.status, StatusCode::SEE_OTHER);
    app.jobs_finished().await;
    for sku in ["LOW-A", "LOW-B"] {
        let mut fields = product_fields("Costed low", sku, "9.00");
        fields.push(("v0_cost", "2.00"));
        assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    }
    let main = main_location(&app);
    let main_id = main.to_string();
    let every = [
        ("location", main_id.as_str()),
        ("point", "5"),
        ("confirmed", "yes"),
    ];
    let set = owner.post("/admin/inventory/reorder/bulk", &every).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);

    let path = format!("/admin/inventory/reorder?location={main}");
    let first = owner.get(&path).await;
    assert!(first.body.contains("62 low at Main"), "{}", first.body);
    assert_eq!(first.count("tbody tr"), 50);
    let next = first.attr("nav.pagination a", "href").expect("a next page");
    let second = owner.get(&next).await;
    assert_eq!(second.count("tbody tr"), 12);
    assert!(second.body.contains("Previous"));
    let export = owner
        .get(&format!(
            "/admin/inventory/export.csv?location={main}&stock=low"
        ))
        .await;
    assert_eq!(
        export.body.lines().count() - 1,
        62,
        "the export's low rows agree"
    );
    let vendor = owner.get(&format!("{path}&vendor=Vendor+1")).await;
    assert!(vendor.body.contains("16 low at Main"), "{}", vendor.body);

    // Two costed variants from one supplier; one of them is already on a draft transfer here.
    owner
        .post("/admin/inventory/suppliers", &[("name", "Low Mills")])
        .await;
    let supplier: i64 = app.with_db(|c| suppliers::table.select(suppliers::id).first(c).unwrap());
    for sku in ["LOW-A", "LOW-B"] {
        let variant = variant_of(&app, sku);
        owner
            .post(
                &format!("/admin/inventory/variants/{variant}/supplier"),
                &[("supplier", &supplier.to_string())],
            )
            .await;
    }
    let made = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Warehouse"), ("code", "WH")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let wh: i64 = app.with_db(|c| {
        use backroom::db::schema::locations;
        locations::table
            .filter(locations::code_key.eq("WH"))
            .select(locations::id)
            .first(c)
            .unwrap()
    });
    let moving = owner
        .post(
            "/admin/inventory/transfers",
            &[
                ("from", &wh.to_string()),
                ("to", &main_id),
                ("lines", "LOW-A 3"),
            ],
        )
        .await;
    assert_eq!(moving.status, StatusCode::SEE_OTHER, "{}", moving.body);
    let theirs = owner.get(&format!("{path}&supplier={supplier}")).await;
    assert!(theirs.body.contains("2 low at Main"), "{}", theirs.body);
    assert!(theirs.body.contains("On transfer #"), "{}", theirs.body);
    let flagged = variant_of(&app, "LOW-A");
    assert!(
        theirs
            .attr(&format!("#pick-{flagged}"), "data-coming")
            .is_some()
    );

    let supplier_id = supplier.to_string();
    let all = [
        ("location", main_id.as_str()),
        ("supplier", supplier_id.as_str()),
        ("all", "yes"),
    ];
    let asked = owner.post("/admin/inventory/reorder/orders", &all).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.body.contains("Low Mills: 1 line"), "{}", asked.body);
    let mut confirmed = all.to_vec();
    confirmed.push(("confirmed", "yes"));
    let ordered = owner
        .post("/admin/inventory/reorder/orders", &confirmed)
        .await;
    assert_eq!(ordered.status, StatusCode::SEE_OTHER);
    let lines: i64 = app.with_db(|c| purchase_order_lines::table.count().get_result(c).unwrap());
    assert_eq!(lines, 1, "LOW-B only: LOW-A is already coming");
}

crate::on_both_databases!(
    the_low_stock_list_pages_through_every_low_level_and_orders_all_that_match,
    low_stock_becomes_purchase_orders,
    reorder_points_are_set_in_the_row
);
