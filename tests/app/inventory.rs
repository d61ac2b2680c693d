//! Inventory: levels opened when tracking starts, adjustments with reasons through the list's
//! form, the ledger and `check`, locations, the orders' reservations, and the last units under
//! concurrency, on both databases.

use std::sync::Arc;

use backroom::auth::Actor;
use backroom::db::schema::{locations, stock_levels, stock_movements, variants};
use backroom::domain::ids::{LocationId, OrderId, VariantId};
use backroom::inventory::{Fulfilment, Line, Quantity, Recorder, StockError, check_ledger, fulfil};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{
    Client, Db, TestApp, adjust, create, id_from, main_location, on_hand, product_fields, reason,
    tracked_product, variant_of,
};

fn movements_of(app: &TestApp, variant: VariantId) -> i64 {
    app.with_db(move |conn| {
        stock_movements::table
            .filter(stock_movements::variant_id.eq(variant))
            .count()
            .get_result(conn)
            .unwrap()
    })
}

async fn stock_is_adjusted_with_a_reason_and_the_ledger_holds(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "INV-1").await;
    let main = main_location(&app);
    // Tracking started: a level at zero, with its ledger row.
    assert_eq!(on_hand(&app, variant, main), (0, 0));
    assert_eq!(movements_of(&app, variant), 1);

    let list = owner
        .get(&format!("/admin/inventory?location={main}"))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("INV-1"));
    assert_eq!(list.count("tbody form"), 0);
    assert_eq!(list.count("tbody a[hx-get^='/admin/inventory/rows/']"), 1);

    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        variant,
        main,
        &[("mode", "add"), ("quantity", "10"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    assert_eq!(
        added.location().as_deref(),
        Some("/admin/inventory?location=1")
    );
    assert_eq!(on_hand(&app, variant, main), (10, 0));
    assert_eq!(app.audit_count("inventory.stock_adjusted"), 1);

    // Bad input: a clear message, a 4xx, nothing written.
    let damaged = reason(&app, "damaged");
    let other = reason(&app, "other");
    for (fields, field) in [
        (
            vec![
                ("mode", "remove"),
                ("quantity", "20"),
                ("reason", damaged.as_str()),
            ],
            "quantity",
        ),
        (
            vec![
                ("mode", "add"),
                ("quantity", "1.5"),
                ("reason", damaged.as_str()),
            ],
            "quantity",
        ),
        (
            vec![
                ("mode", "add"),
                ("quantity", "-3"),
                ("reason", damaged.as_str()),
            ],
            "quantity",
        ),
        (
            vec![
                ("mode", "add"),
                ("quantity", "2000000"),
                ("reason", damaged.as_str()),
            ],
            "quantity",
        ),
        (vec![("mode", "add"), ("quantity", "2")], "reason"),
        (
            vec![
                ("mode", "add"),
                ("quantity", "2"),
                ("reason", other.as_str()),
            ],
            "note",
        ),
    ] {
        let refused = adjust(&owner, variant, main, &fields).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}"
        );
        assert!(
            refused
                .attr(&format!("#f-{field}"), "aria-invalid")
                .is_some(),
            "{fields:?}: {}",
            refused.body
        );
    }
    assert_eq!(on_hand(&app, variant, main), (10, 0));
    assert_eq!(movements_of(&app, variant), 2);

    // "Set on hand to" carries the figure the person saw: a stale one is a 409.
    let set = adjust(
        &owner,
        variant,
        main,
        &[
            ("mode", "set"),
            ("quantity", "7"),
            ("expected", "10"),
            ("reason", &damaged),
        ],
    )
    .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(on_hand(&app, variant, main), (7, 0));
    let stale = adjust(
        &owner,
        variant,
        main,
        &[
            ("mode", "set"),
            ("quantity", "3"),
            ("expected", "10"),
            ("reason", &damaged),
        ],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("On hand changed to 7"),
        "{}",
        stale.body
    );
    assert_eq!(on_hand(&app, variant, main), (7, 0));

    // The history and its export.
    let history = owner
        .get(&format!("/admin/inventory/variants/{variant}"))
        .await;
    assert_eq!(history.status, StatusCode::OK);
    assert_eq!(history.count("tbody tr"), 3);
    let csv = owner
        .get(&format!("/admin/inventory/movements.csv?variant={variant}"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 4, "{}", csv.body);
    assert!(csv.body.lines().nth(1).unwrap().contains("adjustment"));
    let all = owner
        .get("/admin/inventory/movements?kind=adjustment")
        .await;
    assert_eq!(all.count("tbody tr"), 2);

    // The ledger holds; a level changed behind its back is found.
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
    app.with_db(move |conn| {
        diesel::update(stock_levels::table.filter(stock_levels::variant_id.eq(variant)))
            .set(stock_levels::on_hand.eq(99_i64))
            .execute(conn)
            .unwrap()
    });
    let found = app.with_db(|conn| check_ledger(conn).unwrap());
    assert!(
        found
            .iter()
            .any(|d| d.0.contains("INV-1") && d.0.contains("sum of its movements")),
        "{found:?}"
    );

    // A viewer reads stock but changes none.
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    assert_eq!(viewer.get("/admin/inventory").await.status, StatusCode::OK);
    let refused = adjust(
        &viewer,
        variant,
        main,
        &[("mode", "add"), ("quantity", "1"), ("reason", &received)],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn locations_open_levels_and_refuse_to_close_holding_stock(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "LOC-1").await;
    let main = main_location(&app);
    let form = owner.get("/admin/inventory/locations/new").await;
    let created = owner
        .post_form(
            "/admin/inventory/locations",
            &form,
            &[
                ("name", "Back room"),
                ("code", "br"),
                ("priority", "5"),
                ("fulfils_orders", "yes"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let back_room: LocationId = app.with_db(|conn| {
        locations::table
            .filter(locations::code_key.eq("BR"))
            .select(locations::id)
            .first(conn)
            .unwrap()
    });
    assert_eq!(on_hand(&app, variant, back_room), (0, 0), "a level opened");
    let again = owner
        .post_form(
            "/admin/inventory/locations",
            &form,
            &[("name", "Other"), ("code", "BR"), ("priority", "1")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);

    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        variant,
        main,
        &[("mode", "add"), ("quantity", "4"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let list = owner.get("/admin/inventory/locations").await;
    let refused = owner
        .post_form(
            &format!("/admin/inventory/locations/{main}/deactivate"),
            &list,
            &[],
        )
        .await;
    // The refusal is said on the location's page, where the button was, not on an error page.
    refused.assert_redirect_to(&format!("/admin/inventory/locations/{main}"));
    let shown = owner
        .get(&format!("/admin/inventory/locations/{main}"))
        .await;
    let said = shown.texts(".flash-error[role=alert]");
    assert!(
        said.len() == 1 && said[0].contains("still holds 4 units of 1 variant"),
        "{said:?}"
    );
    assert!(shown.body.contains("Deactivate Main"));
    let still: bool = app.with_db(move |c| {
        locations::table
            .find(main)
            .select(locations::active)
            .first(c)
            .unwrap()
    });
    assert!(still, "nothing changed");
    let closed = owner
        .post_form(
            &format!("/admin/inventory/locations/{back_room}/deactivate"),
            &list,
            &[],
        )
        .await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.audit_count("inventory.location_deactivated"), 1);

    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let page = clerk.get("/admin/inventory/locations").await;
    assert_eq!(page.status, StatusCode::OK);
    let denied = clerk
        .post_form(
            "/admin/inventory/locations",
            &page,
            &[("name", "Clerk's"), ("code", "CL")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

async fn orders_reserve_release_ship_and_restock(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let shirt = tracked_product(&app, &owner, "RES-1").await;
    let mug = tracked_product(&app, &owner, "RES-2").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    for variant in [shirt, mug] {
        let added = adjust(
            &owner,
            variant,
            main,
            &[("mode", "add"), ("quantity", "5"), ("reason", &received)],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }
    let actor = Actor::command_line();
    let units = |n: &str| Quantity::parse(n).unwrap();
    let run = |what: Fulfilment, lines: Vec<Line>| {
        let actor = actor.clone();
        app.with_db(move |conn| {
            backroom::db::write(conn, |c| {
                fulfil(
                    c,
                    Recorder::of(&actor),
                    what,
                    main,
                    &lines,
                    OrderId::new(1001),
                )
                .map_err(Into::into)
            })
            .map(|recorded| recorded.len())
        })
    };
    let line = |variant, n| Line {
        variant,
        quantity: units(n),
    };
    assert_eq!(
        run(Fulfilment::Reserve, vec![line(shirt, "3"), line(mug, "1")]).unwrap(),
        2
    );
    assert_eq!(on_hand(&app, shirt, main), (5, 3));
    // Short on one line: the error names it, and nothing of the order is kept.
    let short = run(Fulfilment::Reserve, vec![line(mug, "1"), line(shirt, "3")]).unwrap_err();
    let message = short.to_string();
    assert!(
        message.contains("RES-1: 2 available, 3 wanted"),
        "{message}"
    );
    assert_eq!(on_hand(&app, mug, main), (5, 1));
    let direct = app.with_db(|conn| {
        backroom::db::write(conn, |c| {
            match fulfil(
                c,
                Recorder::of(&actor),
                Fulfilment::Reserve,
                main,
                &[line(shirt, "9")],
                OrderId::new(7),
            ) {
                Err(StockError::Short(s)) => Ok(s),
                other => panic!("{other:?}"),
            }
        })
        .unwrap()
    });
    assert_eq!((direct[0].wanted, direct[0].available), (9, 2));
    run(Fulfilment::Release, vec![line(shirt, "1")]).unwrap();
    run(Fulfilment::Ship, vec![line(shirt, "2")]).unwrap();
    assert_eq!(on_hand(&app, shirt, main), (3, 0));
    run(Fulfilment::Restock, vec![line(shirt, "1")]).unwrap();
    assert_eq!(on_hand(&app, shirt, main), (4, 0));
    // Shipping more than is committed is refused.
    assert!(run(Fulfilment::Ship, vec![line(shirt, "1")]).is_err());
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn the_last_units_are_never_oversold(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let reserved = tracked_product(&app, &owner, "LAST-1").await;
    let removed = tracked_product(&app, &owner, "LAST-2").await;
    let main = main_location(&app);
    let received = reason(&app, "received");
    for variant in [reserved, removed] {
        let added = adjust(
            &owner,
            variant,
            main,
            &[("mode", "add"), ("quantity", "5"), ("reason", &received)],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }

    // 64 buyers through the reservation function, each in its own transaction.
    let pool = app.pool(16);
    let outcomes: Vec<Result<usize, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..64)
            .map(|order| {
                let pool = pool.clone();
                scope.spawn(move || {
                    let mut conn = pool.get().unwrap();
                    let actor = Actor::command_line();
                    let lines = [Line {
                        variant: reserved,
                        quantity: Quantity::parse("1").unwrap(),
                    }];
                    backroom::db::write(&mut conn, |c| {
                        fulfil(
                            c,
                            Recorder::of(&actor),
                            Fulfilment::Reserve,
                            main,
                            &lines,
                            OrderId::new(order as i64),
                        )
                        .map_err(Into::into)
                    })
                    .map(|r| r.len())
                    .map_err(|e| e.to_string())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won = outcomes.iter().filter(|o| o.is_ok()).count();
    assert_eq!(won, 5, "{outcomes:?}");
    for lost in outcomes.iter().filter_map(|o| o.as_ref().err()) {
        assert!(lost.contains("Not enough stock"), "{lost}");
    }
    assert_eq!(on_hand(&app, reserved, main), (5, 5));

    // 64 clerks pressing "remove 1" at once over HTTP.
    let page = owner.get("/admin/inventory").await;
    let token = page.csrf_token();
    let owner = Arc::new(owner);
    let (variant, location) = (removed.to_string(), main.to_string());
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let owner = owner.clone();
            let fields = [
                ("variant", variant.clone()),
                ("location", location.clone()),
                ("mode", "remove".to_owned()),
                ("quantity", "1".to_owned()),
                ("reason", received.clone()),
                ("csrf_token", token.clone()),
            ];
            tokio::spawn(async move {
                let fields: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                owner
                    .post_raw("/admin/inventory/adjust", &fields)
                    .await
                    .status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let done = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    assert_eq!(done, 5, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::SEE_OTHER || *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(on_hand(&app, removed, main), (0, 0));
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

async fn stock_is_exported_and_valued(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Valued shirt", "VAL-1", "12.00");
    fields.push(("v0_cost", "4.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    tracked_product(&app, &owner, "VAL-2").await;
    let (shirt, mug) = (variant_of(&app, "VAL-1"), variant_of(&app, "VAL-2"));
    let main = main_location(&app);
    let received = reason(&app, "received");
    for (variant, units) in [(shirt, "10"), (mug, "3")] {
        let added = adjust(
            &owner,
            variant,
            main,
            &[("mode", "add"), ("quantity", units), ("reason", &received)],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }
    let form = owner.get("/admin/inventory/locations/new").await;
    owner
        .post_form(
            "/admin/inventory/locations",
            &form,
            &[("name", "Back room"), ("code", "BR")],
        )
        .await;

    let all = owner.get("/admin/inventory/export.csv").await;
    assert_eq!(all.status, StatusCode::OK);
    let lines: Vec<&str> = all.body.lines().collect();
    assert_eq!(
        lines[0],
        "sku,location,on_hand,committed,available,incoming,reorder_point,reorder_quantity,unit_cost,supplier,supplier_sku"
    );
    assert!(
        lines.contains(&"VAL-1,MAIN,10,0,10,0,,,4.00,,"),
        "{lines:?}"
    );
    assert!(lines.contains(&"VAL-1,BR,0,0,0,0,,,4.00,,"), "{lines:?}");
    assert_eq!(lines.len(), 5, "two variants at two locations");
    let out = owner
        .get(&format!(
            "/admin/inventory/export.csv?location={main}&stock=out"
        ))
        .await;
    assert_eq!(
        out.body.lines().count(),
        1,
        "nothing is out of stock at Main"
    );
    let searched = owner.get("/admin/inventory/export.csv?q=valued").await;
    assert!(
        searched
            .body
            .lines()
            .skip(1)
            .all(|l| l.starts_with("VAL-1,")),
        "{}",
        searched.body
    );
    let untracked = owner
        .get("/admin/inventory/export.csv?stock=untracked")
        .await;
    assert_eq!(untracked.status, StatusCode::UNPROCESSABLE_ENTITY);

    let product: i64 = app.with_db(move |c| {
        variants::table
            .find(shirt)
            .select(variants::product_id)
            .first(c)
            .unwrap()
    });
    let page = owner.get(&format!("/admin/products/{product}")).await;
    assert_eq!(
        page.attr("#stock", "hx-get").as_deref(),
        Some(format!("/admin/inventory/products/{product}/stock").as_str()),
        "the product page loads its stock"
    );
    let stock = owner
        .get(&format!("/admin/inventory/products/{product}/stock"))
        .await;
    // A grid: one row per variant, a column per location and the total.
    assert_eq!(stock.count("#product-stock tbody tr"), 1, "one variant");
    assert_eq!(
        stock.texts("#product-stock thead th"),
        vec!["Variant", "Main", "Back room", "Total"]
    );
    let available: Vec<String> = stock
        .texts("#product-stock tbody td summary")
        .into_iter()
        .map(|t| t.replace(" available", ""))
        .collect();
    assert_eq!(available.len(), 3, "two locations and the total");
    assert!(stock.body.contains("VAL-1"));
    assert!(stock.body.contains("<dt>On hand</dt>"));
    assert!(
        page.attr("#stock", "hx-swap")
            .is_some_and(|swap| swap.contains("ignoreTitle:true")),
        "the product page keeps its own title"
    );

    let valuation = owner.get("/admin/inventory/valuation").await;
    assert_eq!(valuation.status, StatusCode::OK);
    assert!(valuation.body.contains("$40.00"), "{}", valuation.body);
    let csv = owner.get("/admin/inventory/valuation.csv").await;
    assert!(csv.body.contains("MAIN,Main,13,40.00,3"), "{}", csv.body);
    assert!(
        csv.body.contains(",All locations,13,40.00,3"),
        "{}",
        csv.body
    );
}

async fn reasons_are_data_the_shop_extends(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let page = owner.get("/admin/inventory/reasons").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.count("tbody tr"),
        9,
        "the nine reasons a shop starts with"
    );
    let added = owner
        .post_form(
            "/admin/inventory/reasons",
            &page,
            &[("label", "Gift to staff"), ("needs_note", "yes")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let twice = owner
        .post_form(
            "/admin/inventory/reasons",
            &page,
            &[("label", "gift to STAFF")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let gift = reason(&app, "gift_to_staff");
    let variant = tracked_product(&app, &owner, "RS-1").await;
    let form = owner
        .get(&format!("/admin/inventory/adjust?variant={variant}"))
        .await;
    assert!(form.body.contains("Gift to staff (needs a note)"));
    let retired = owner
        .post_form(
            &format!("/admin/inventory/reasons/{gift}/retire"),
            &page,
            &[],
        )
        .await;
    assert_eq!(retired.status, StatusCode::SEE_OTHER);
    let form = owner
        .get(&format!("/admin/inventory/adjust?variant={variant}"))
        .await;
    assert!(
        !form.body.contains("Gift to staff"),
        "a retired reason is not offered"
    );
    let refused = adjust(
        &owner,
        variant,
        main_location(&app),
        &[
            ("mode", "add"),
            ("quantity", "1"),
            ("reason", &gift),
            ("note", "x"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let page = clerk.get("/admin/inventory/reasons").await;
    let denied = clerk
        .post_form(
            "/admin/inventory/reasons",
            &page,
            &[("label", "Clerk's own")],
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

async fn staff_limited_to_a_location_see_and_change_only_there(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "LIM-1").await;
    let main = main_location(&app);
    let form = owner.get("/admin/inventory/locations/new").await;
    owner
        .post_form(
            "/admin/inventory/locations",
            &form,
            &[("name", "Warehouse"), ("code", "WH")],
        )
        .await;
    let wh: LocationId = app.with_db(|c| {
        locations::table
            .filter(locations::code_key.eq("WH"))
            .select(locations::id)
            .first(c)
            .unwrap()
    });
    let received = reason(&app, "received");
    for (location, units) in [(main, "4"), (wh, "3")] {
        let added = adjust(
            &owner,
            variant,
            location,
            &[("mode", "add"), ("quantity", units), ("reason", &received)],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
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
    let page = owner.get("/admin/inventory/access").await;
    assert_eq!(page.status, StatusCode::OK);
    let limited = owner
        .post_form(
            &format!("/admin/inventory/access/{clerk_id}"),
            &page,
            &[("location", &wh.to_string())],
        )
        .await;
    assert_eq!(limited.status, StatusCode::SEE_OTHER);
    assert_eq!(
        clerk.get("/admin/inventory/access").await.status,
        StatusCode::FORBIDDEN,
        "owners only"
    );

    let list = clerk.get("/admin/inventory").await;
    assert!(
        list.body.contains("Stock at Warehouse"),
        "their location first"
    );
    assert_eq!(
        clerk
            .get(&format!("/admin/inventory?location={main}"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let at_main = adjust(
        &clerk,
        variant,
        main,
        &[("mode", "add"), ("quantity", "1"), ("reason", &received)],
    )
    .await;
    assert_eq!(at_main.status, StatusCode::FORBIDDEN);
    assert_eq!(on_hand(&app, variant, main), (4, 0));
    let at_wh = adjust(
        &clerk,
        variant,
        wh,
        &[("mode", "add"), ("quantity", "1"), ("reason", &received)],
    )
    .await;
    assert_eq!(at_wh.status, StatusCode::SEE_OTHER);
    let history = clerk
        .get(&format!("/admin/inventory/variants/{variant}"))
        .await;
    assert!(
        !history.body.contains(">Main<"),
        "no movement at Main shows: {}",
        history.body
    );
    assert_eq!(
        history.count("tbody tr"),
        3,
        "opened, received and added at the warehouse"
    );
    let export = clerk.get("/admin/inventory/export.csv").await;
    assert!(
        export.body.lines().skip(1).all(|l| l.contains(",WH,")),
        "{}",
        export.body
    );
    let valuation = clerk.get("/admin/inventory/valuation").await;
    assert!(!valuation.body.contains(">Main<"));
    // The owner still sees everything.
    assert_eq!(
        owner
            .get(&format!("/admin/inventory?location={main}"))
            .await
            .status,
        StatusCode::OK
    );
}

/// The edit form's fields for a product with the sizes `values`, every variant tracked.
async fn jacket_fields(
    owner: &Client,
    id: &str,
    values: &str,
) -> (crate::common::Page, Vec<(String, String)>) {
    let edit = owner.get(&format!("/admin/products/{id}")).await;
    let mut fields: Vec<(String, String)> = [
        ("title", "Keep Jacket"),
        ("status", "draft"),
        ("option1_name", "Size"),
        ("option1_values", values),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    fields.push((
        "version".into(),
        edit.attr("input[name=version]", "value").unwrap(),
    ));
    for i in 0..2 {
        for field in ["present", "key", "id", "sku", "price"] {
            let value = edit
                .attr(&format!("input[name=v{i}_{field}]"), "value")
                .unwrap_or_default();
            fields.push((format!("v{i}_{field}"), value));
        }
        fields.push((format!("v{i}_track"), "on".into()));
    }
    (edit, fields)
}

async fn the_catalog_keeps_variants_whose_stock_has_a_history(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let form = owner.get("/admin/products/new").await;
    let created = owner
        .post_form(
            "/admin/products",
            &form,
            &[
                ("title", "Keep Jacket"),
                ("status", "draft"),
                ("option1_name", "Size"),
                ("option1_values", "S, M"),
                ("v0_present", "1"),
                ("v0_price", "80"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created);
    let (edit, fields) = jacket_fields(&owner, &id, "S, M").await;
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let tracked = owner
        .post_form(&format!("/admin/products/{id}"), &edit, &pairs)
        .await;
    assert_eq!(tracked.status, StatusCode::SEE_OTHER, "{}", tracked.body);
    let medium = variant_of(&app, "KEEP-JACKET-M");
    let received = reason(&app, "received");
    let main = main_location(&app);
    adjust(
        &owner,
        medium,
        main,
        &[("mode", "add"), ("quantity", "3"), ("reason", &received)],
    )
    .await;
    assert_eq!(on_hand(&app, medium, main), (3, 0));

    // Removing the size M would erase its ledger: refused, nothing deleted.
    let (edit, fields) = jacket_fields(&owner, &id, "S").await;
    let mut pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    pairs.push(("confirm_removal", "1"));
    let refused = owner
        .post_form(&format!("/admin/products/{id}"), &edit, &pairs)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("KEEP-JACKET-M can&#39;t be deleted"),
        "{}",
        refused.body
    );
    assert_eq!(on_hand(&app, medium, main), (3, 0));
    // So is deleting the (never active) product.
    let confirm = owner.get(&format!("/admin/products/{id}/delete")).await;
    let deleted = owner
        .post_form(&format!("/admin/products/{id}/delete"), &confirm, &[])
        .await;
    assert_eq!(deleted.status, StatusCode::CONFLICT, "{}", deleted.body);
    assert_eq!(movements_of(&app, medium), 2);
    // The database keeps the ledger too, whoever tries: a delete by hand is refused, while
    // the size S (no history beyond tracking starting) may still go.
    let by_hand = app.with_db(move |c| {
        use backroom::db::schema::variants;
        diesel::delete(variants::table.find(medium)).execute(c)
    });
    assert!(by_hand.is_err(), "{by_hand:?}");
    let small = variant_of(&app, "KEEP-JACKET-S");
    let gone = app.with_db(move |c| {
        use backroom::db::schema::variants;
        diesel::delete(variants::table.find(small)).execute(c)
    });
    assert_eq!(gone.unwrap(), 1);
    assert_eq!(movements_of(&app, medium), 2);
    assert!(app.with_db(|c| check_ledger(c).unwrap()).is_empty());
}

/// A deactivated location holds no stock: the quick adjust refuses it, nothing written.
async fn an_adjustment_at_a_deactivated_location_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "OFF-1").await;
    let made = owner
        .post(
            "/admin/inventory/locations",
            &[("name", "Closed shop"), ("code", "OFF")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let off: LocationId = app.with_db(|c| {
        locations::table
            .filter(locations::code_key.eq("OFF"))
            .select(locations::id)
            .first(c)
            .unwrap()
    });
    let shut = owner
        .post(
            &format!("/admin/inventory/locations/{off}/deactivate"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(shut.status, StatusCode::SEE_OTHER);
    let before = movements_of(&app, variant);
    let received = reason(&app, "received");
    let fields = [("mode", "add"), ("quantity", "3"), ("reason", &received)];
    let refused = adjust(&owner, variant, off, &fields).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Choose an active location"),
        "{}",
        refused.body
    );
    assert_eq!(movements_of(&app, variant), before);
}

/// The ledger shows who moved stock by name; their sign-in email is not on the page or in
/// the export. An unknown reason cannot be retired (404).
async fn movements_name_people_and_an_unknown_reason_is_not_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "WHO-1").await;
    let received = reason(&app, "received");
    let fields = [("mode", "add"), ("quantity", "2"), ("reason", &received)];
    adjust(&owner, variant, main_location(&app), &fields).await;
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    for path in [
        "/admin/inventory/movements",
        "/admin/inventory/movements.csv",
    ] {
        let page = viewer.get(path).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains(crate::common::OWNER_NAME),
            "{path}: {}",
            page.body
        );
        assert!(
            !page.body.contains(crate::common::OWNER_EMAIL),
            "{path} shows an email"
        );
    }
    let retired = owner
        .post(
            "/admin/inventory/reasons/999999/retire",
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(retired.status, StatusCode::NOT_FOUND);
}

/// A search that is exactly a SKU or barcode (typed or scanned) lists that variant's row only;
/// a word lists every variant of the products it finds.
async fn an_exact_sku_search_lists_that_variant_only(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let uploaded = crate::common::upload(&owner, &crate::common::catalog_csv(1)).await;
    let applied = crate::common::apply(&owner, &uploaded).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER);
    app.jobs_finished().await;
    let main = main_location(&app);
    let rows = |page: &crate::common::Page| page.count("tbody[id^=stock-] > tr");
    let word = owner
        .get(&format!("/admin/inventory?location={main}&q=item"))
        .await;
    assert_eq!(rows(&word), 2, "{}", word.body);
    let exact = owner
        .get(&format!("/admin/inventory?location={main}&q=item-000-m"))
        .await;
    assert_eq!(rows(&exact), 1, "{}", exact.body);
    assert!(exact.body.contains("ITEM-000-M"));
    let everywhere = owner.get("/admin/inventory?q=ITEM-000-S").await;
    assert_eq!(rows(&everywhere), 1);
}

/// The dashboard says what needs doing in inventory: low stock per location, purchase orders
/// due and late, transfers in transit, open stocktakes, and the latest stock imports.
async fn the_dashboard_shows_what_inventory_needs(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Dashboard shirt", "DASH-1", "9.00");
    fields.push(("v0_cost", "2.00"));
    assert_eq!(create(&owner, &fields).await.status, StatusCode::SEE_OTHER);
    let main = main_location(&app);
    let main_id = main.to_string();
    let every = [
        ("location", main_id.as_str()),
        ("point", "5"),
        ("confirmed", "yes"),
    ];
    let set = owner.post("/admin/inventory/reorder/bulk", &every).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    owner
        .post("/admin/inventory/suppliers", &[("name", "Dash Mills")])
        .await;
    let supplier: i64 = app.with_db(|c| {
        use backroom::db::schema::suppliers;
        suppliers::table.select(suppliers::id).first(c).unwrap()
    });
    let order = owner
        .post(
            "/admin/inventory/purchase-orders",
            &[
                ("supplier", &supplier.to_string()),
                ("location", &main_id),
                ("expected_on", "2020-01-01"),
                ("lines", "DASH-1 3"),
            ],
        )
        .await;
    let order = crate::common::id_of(&order);
    let placed = owner
        .post(
            &format!("/admin/inventory/purchase-orders/{order}/place"),
            &[],
        )
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER);
    let counted = owner
        .post(
            "/admin/inventory/counts",
            &[
                ("location", &main_id),
                ("scope", "codes"),
                ("codes", "DASH-1"),
            ],
        )
        .await;
    assert_eq!(counted.status, StatusCode::SEE_OTHER);
    let dashboard = owner.get("/admin").await;
    let todo = dashboard.texts("#stock-todo li");
    assert!(todo.iter().any(|t| t.contains("1 low at Main")), "{todo:?}");
    assert!(
        todo.iter()
            .any(|t| t.contains("1 purchase order due") && t.contains("1 late")),
        "{todo:?}"
    );
    assert!(
        todo.iter().any(|t| t.contains("0 transfers in transit")),
        "{todo:?}"
    );
    assert!(
        todo.iter().any(|t| t.contains("1 open stocktake")),
        "{todo:?}"
    );
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    assert!(viewer.get("/admin").await.body.contains("stock-todo"));
}

crate::on_both_databases!(
    the_dashboard_shows_what_inventory_needs,
    an_exact_sku_search_lists_that_variant_only,
    an_adjustment_at_a_deactivated_location_is_refused,
    movements_name_people_and_an_unknown_reason_is_not_found,
    staff_limited_to_a_location_see_and_change_only_there,
    reasons_are_data_the_shop_extends,
    stock_is_exported_and_valued,
    stock_is_adjusted_with_a_reason_and_the_ledger_holds,
    locations_open_levels_and_refuse_to_close_holding_stock,
    orders_reserve_release_ship_and_restock,
    the_last_units_are_never_oversold,
    the_catalog_keeps_variants_whose_stock_has_a_history,
);
