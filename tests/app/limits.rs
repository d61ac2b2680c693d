//! Staff limited to locations, tried on every inventory route that names a location's
//! document, level or record: a manager and a clerk limited to the pop-up shop are refused
//! (403, saying they are limited to their locations) on everything at Main, reading or
//! writing, and nothing changes. Routes are taken from the route table, so a new route under a
//! location-bound path is tried too; on both databases.

use backroom::db::schema::{audit_log, locations, staff, stock_count_lines, stock_movements};
use backroom::db::schema::{purchase_order_lines, suppliers, transfer_lines};
use backroom::domain::ids::LocationId;
use backroom::inventory::check_ledger;
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, TestApp, id_of};
use crate::common::{adjust, main_location, reason, tracked_product};

/// The paths whose `{id}` names something kept at one location (or two, for a transfer).
const LOCATION_BOUND: &[&str] = &[
    "/admin/inventory/transfers/{id}",
    "/admin/inventory/purchase-orders/{id}",
    "/admin/inventory/counts/{id}",
    "/admin/inventory/locations/{id}",
    // A list row: at Main (the sweep names it), or summed over every location.
    "/admin/inventory/rows/{variant}",
];

async fn new_location(app: &TestApp, owner: &Client, name: &str, code: &str) -> LocationId {
    let made = owner
        .post(
            "/admin/inventory/locations",
            &[("name", name), ("code", code)],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let code = code.to_owned();
    app.with_db(move |c| {
        locations::table
            .filter(locations::code_key.eq(code))
            .select(locations::id)
            .first(c)
            .unwrap()
    })
}

/// A member of staff with `role`, limited to `location`.
pub(crate) async fn limited(
    app: &TestApp,
    owner: &Client,
    role: &str,
    location: LocationId,
) -> Client {
    let (client, email) = app.staff_member(owner, role).await;
    let id: i64 = app.with_db(move |c| {
        staff::table
            .filter(staff::email_key.eq(email.to_lowercase()))
            .select(staff::id)
            .first(c)
            .unwrap()
    });
    let set = owner
        .post(
            &format!("/admin/inventory/access/{id}"),
            &[("location", &location.to_string())],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    client
}

/// What a refused request must leave as it was.
fn fingerprint(app: &TestApp) -> (i64, i64) {
    app.with_db(|c| {
        (
            audit_log::table.count().get_result(c).unwrap(),
            stock_movements::table.count().get_result(c).unwrap(),
        )
    })
}

fn first_id<T>(app: &TestApp, query: impl FnOnce(&mut backroom::db::DbConnection) -> T + Send) -> T
where
    T: Send,
{
    app.with_db(query)
}

async fn limited_staff_are_refused_everything_at_another_location(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let variant = tracked_product(&app, &owner, "LIM-9").await;
    let main = main_location(&app);
    let wh = new_location(&app, &owner, "Warehouse", "WH").await;
    let pop = new_location(&app, &owner, "Pop-up", "POP").await;
    let received = reason(&app, "received");
    let fields = [("mode", "add"), ("quantity", "9"), ("reason", &received)];
    assert_eq!(
        adjust(&owner, variant, main, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    let (main_id, wh_id, pop_id) = (main.to_string(), wh.to_string(), pop.to_string());
    // Documents at Main: a transfer to the warehouse, a purchase order, a count.
    let transfer = id_of(
        &owner
            .post(
                "/admin/inventory/transfers",
                &[("from", &main_id), ("to", &wh_id), ("lines", "LIM-9 2")],
            )
            .await,
    );
    owner
        .post("/admin/inventory/suppliers", &[("name", "Limit Mills")])
        .await;
    let supplier: i64 = first_id(&app, |c| {
        suppliers::table.select(suppliers::id).first(c).unwrap()
    });
    let order = id_of(
        &owner
            .post(
                "/admin/inventory/purchase-orders",
                &[
                    ("supplier", &supplier.to_string()),
                    ("location", &main_id),
                    ("lines", "LIM-9 3 1.00"),
                ],
            )
            .await,
    );
    let started = owner
        .post(
            "/admin/inventory/counts",
            &[
                ("location", &main_id),
                ("scope", "codes"),
                ("codes", "LIM-9"),
            ],
        )
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let count: i64 = first_id(&app, |c| {
        stock_count_lines::table
            .select(stock_count_lines::count_id)
            .first(c)
            .unwrap()
    });
    let count_line: i64 = first_id(&app, |c| {
        stock_count_lines::table
            .select(stock_count_lines::id)
            .first(c)
            .unwrap()
    });
    let transfer_line: i64 = first_id(&app, |c| {
        transfer_lines::table
            .select(transfer_lines::id)
            .first(c)
            .unwrap()
    });
    let order_line: i64 = first_id(&app, |c| {
        purchase_order_lines::table
            .select(purchase_order_lines::id)
            .first(c)
            .unwrap()
    });

    let manager = limited(&app, &owner, "manager", pop).await;
    let clerk = limited(&app, &owner, "clerk", pop).await;
    let variant_id = variant.to_string();
    // Fields that would do the thing if the person were allowed: their own location where
    // a form chooses one (a re-aim), Main's documents and lines otherwise.
    let rich: Vec<(String, String)> = [
        ("confirmed", "yes".to_owned()),
        ("from", pop_id.clone()),
        ("to", wh_id.clone()),
        ("location", pop_id.clone()),
        ("supplier", supplier.to_string()),
        ("lines", "LIM-9 1 1.00".to_owned()),
        ("note", "mine now".to_owned()),
        (&format!("line_{transfer_line}"), "1".to_owned()),
        (&format!("line_{order_line}"), "1".to_owned()),
        ("counted", "1".to_owned()),
        ("code", "LIM-9".to_owned()),
        ("name", "Renamed".to_owned()),
        ("code_key", "MAIN".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();

    let before = fingerprint(&app);
    let mut tried = 0;
    let mut wrong = Vec::new();
    for route in backroom::startup::route_table() {
        let Some(prefix) = LOCATION_BOUND.iter().find(|p| route.path.starts_with(**p)) else {
            continue;
        };
        let id = match *prefix {
            "/admin/inventory/transfers/{id}" => transfer,
            "/admin/inventory/purchase-orders/{id}" => order,
            "/admin/inventory/counts/{id}" => count,
            _ => main.get(),
        };
        let mut path = route
            .path
            .replace("{id}", &id.to_string())
            .replace("{line}", &count_line.to_string())
            .replace("{variant}", &variant_id);
        if *prefix == "/admin/inventory/rows/{variant}" {
            path.push_str(&format!("?location={main_id}&edit=1"));
        }
        for (who, client) in [("manager", &manager), ("clerk", &clerk)] {
            let answer = if route.method == actix_web::http::Method::GET {
                client.get(&path).await
            } else {
                let pairs: Vec<(&str, &str)> =
                    rich.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                client.post(&path, &pairs).await
            };
            tried += 1;
            // A clerk may be refused by role before location; either way, a 403.
            if answer.status != StatusCode::FORBIDDEN {
                wrong.push(format!(
                    "{} {path} as {who}: {}",
                    route.method, answer.status
                ));
            } else if who == "manager" && !answer.body.contains("limited to your locations") {
                wrong.push(format!(
                    "{} {path} as {who}: the 403 does not say why",
                    route.method
                ));
            }
        }
    }
    // Writes that name a location in their form rather than their path.
    let creates: [(&str, Vec<(&str, &str)>); 7] = [
        (
            "/admin/inventory/transfers",
            vec![("from", &main_id), ("to", &wh_id), ("lines", "LIM-9 1")],
        ),
        (
            "/admin/inventory/purchase-orders",
            vec![
                ("supplier", "1"),
                ("location", &main_id),
                ("lines", "LIM-9 1 1.00"),
            ],
        ),
        (
            "/admin/inventory/counts",
            vec![
                ("location", &main_id),
                ("scope", "codes"),
                ("codes", "LIM-9"),
            ],
        ),
        (
            "/admin/inventory/reorder/level",
            vec![
                ("variant", &variant_id),
                ("location", &main_id),
                ("point", "4"),
            ],
        ),
        (
            "/admin/inventory/reorder/bulk",
            vec![("location", &main_id), ("point", "4"), ("confirmed", "yes")],
        ),
        (
            "/admin/inventory/reorder/orders",
            vec![
                ("location", &main_id),
                ("pick", &variant_id),
                ("units_1", "2"),
            ],
        ),
        (
            "/admin/inventory/locations",
            vec![("name", "Mine"), ("code", "MINE")],
        ),
    ];
    for (path, fields) in &creates {
        let answer = manager.post(path, fields).await;
        tried += 1;
        if answer.status != StatusCode::FORBIDDEN {
            wrong.push(format!("POST {path} as manager: {}", answer.status));
        }
    }
    let adjusted = adjust(
        &manager,
        variant,
        main,
        &[("mode", "add"), ("quantity", "1"), ("reason", &received)],
    )
    .await;
    tried += 1;
    if adjusted.status != StatusCode::FORBIDDEN {
        wrong.push(format!("adjust at Main as manager: {}", adjusted.status));
    }
    assert!(tried > 40, "only {tried} requests tried");
    assert!(
        wrong.is_empty(),
        "{} of {tried} wrong: {wrong:#?}",
        wrong.len()
    );
    assert_eq!(fingerprint(&app), before, "a refusal changed something");
    assert_eq!(crate::status_of!(app, transfers, transfer), "draft");
    assert_eq!(crate::status_of!(app, purchase_orders, order), "draft");
    assert_eq!(crate::status_of!(app, stock_counts, count), "open");
    assert!(app.with_db(|conn| check_ledger(conn).unwrap()).is_empty());
}

/// The pop-up's manager still works there: a transfer from the pop-up, a purchase order for
/// it, and the Locations page shows the pop-up only.
async fn limited_staff_work_at_their_own_location(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    tracked_product(&app, &owner, "OWN-1").await;
    let main = main_location(&app);
    let pop = new_location(&app, &owner, "Pop-up", "POP").await;
    let manager = limited(&app, &owner, "manager", pop).await;
    let drafted = manager
        .post(
            "/admin/inventory/transfers",
            &[
                ("from", &pop.to_string()),
                ("to", &main.to_string()),
                ("lines", "OWN-1 1"),
            ],
        )
        .await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let sheet = manager
        .get(&format!(
            "/admin/inventory/transfers/{}/sheet",
            id_of(&drafted)
        ))
        .await;
    assert_eq!(sheet.status, StatusCode::OK);
    let page = manager.get("/admin/inventory/locations").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Pop-up"), "{}", page.body);
    assert!(
        !page.body.contains(">Main<"),
        "another location's figures are not shown"
    );
}

/// The owner's page says who now sees what; "every location" is a choice of its own; a
/// limited person's menus and totals say "your locations".
async fn the_owner_chooses_every_location_or_some_and_is_told_who_sees_what(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let pop = new_location(&app, &owner, "Pop-up", "POP").await;
    let clerk = limited(&app, &owner, "clerk", pop).await;
    let id: i64 = app.with_db(|c| {
        staff::table
            .filter(staff::role.eq("clerk"))
            .select(staff::id)
            .first(c)
            .unwrap()
    });
    let access = format!("/admin/inventory/access/{id}");
    let page = owner.get("/admin/inventory/access").await;
    assert!(page.body.contains("Every location"), "{}", page.body);
    let said = owner.get(&format!("/admin/staff/{id}")).await;
    assert!(
        said.body
            .contains(&format!("/admin/inventory/access#staff-{id}"))
    );

    let none = owner.post(&access, &[("scope", "only")]).await;
    assert_eq!(
        none.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        none.body
    );
    let list = clerk.get("/admin/inventory").await;
    assert!(
        !list.body.contains(">All locations<"),
        "their menu offers theirs only"
    );
    let valuation = clerk.get("/admin/inventory/valuation.csv").await;
    assert!(
        valuation.body.contains("Your locations"),
        "{}",
        valuation.body
    );

    let every = owner
        .post(&access, &[("scope", "all"), ("location", &pop.to_string())])
        .await;
    assert_eq!(every.status, StatusCode::SEE_OTHER);
    let flashed = owner.get(&every.location().unwrap()).await;
    assert!(
        flashed.body.contains("now works at every location"),
        "{}",
        flashed.body
    );
    let list = clerk.get("/admin/inventory").await;
    assert!(list.body.contains(">All locations<"));
}

crate::on_both_databases!(
    the_owner_chooses_every_location_or_some_and_is_told_who_sees_what,
    limited_staff_are_refused_everything_at_another_location,
    limited_staff_work_at_their_own_location,
);
