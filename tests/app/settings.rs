//! The Settings page: what it saves, what every page does with it, the currency question, the
//! stale-edit rule, the audit entry, and who may use it.

use crate::common::{Client, Db, Page, TestApp};
use reqwest::StatusCode;

/// Posts the settings form as the page shows it, with `changes` typed over it.
async fn save(owner: &Client, page: &Page, changes: &[(&str, &str)]) -> Page {
    let values = page.form_values("form[action='/admin/settings']", changes);
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    owner.post_raw("/admin/settings", &fields).await
}

fn stored(app: &TestApp) -> (String, String, String, String, i64) {
    app.with_db(|conn| {
        use backroom::db::schema::shop_settings::dsl::*;
        use diesel::prelude::*;
        shop_settings
            .select((shop_name, currency, time_zone, order_prefix, order_start))
            .first(conn)
            .unwrap()
    })
}

async fn the_owner_changes_the_settings_and_every_page_follows(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let page = owner.get("/admin/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts("nav a").contains(&"Settings".to_owned()));
    assert_eq!(
        page.attr("#f-currency option[selected]", "value")
            .as_deref(),
        Some("USD")
    );
    assert!(
        page.count("#f-time_zone option") > 300,
        "the IANA zones are listed"
    );

    // Bad input: every message at once, nothing saved.
    let bad = save(
        &owner,
        &page,
        &[
            ("shop_name", " "),
            ("contact_email", "not-an-address"),
            ("time_zone", "Mars/Olympus"),
            ("currency", "ABC"),
            ("order_prefix", "ORDER NUMBER"),
            ("order_start", "0"),
            ("weight_unit", "stone"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in [
        "shop_name",
        "contact_email",
        "time_zone",
        "currency",
        "order_prefix",
        "order_start",
        "weight_unit",
    ] {
        assert_eq!(
            bad.count(&format!("#f-{field}-error")),
            1,
            "{field}: {}",
            bad.body
        );
    }
    assert_eq!(
        bad.attr("#f-contact_email", "value").as_deref(),
        Some("not-an-address")
    );
    assert_eq!(stored(&app).0, "Test Shop");

    let saved = save(
        &owner,
        &page,
        &[
            ("shop_name", "Northwind Goods"),
            ("legal_name", "Northwind Goods GmbH"),
            ("address_line1", "Hauptstraße 1"),
            ("postal_code", "10115"),
            ("city", "Berlin"),
            ("country", "Germany"),
            ("contact_email", "Hello@Northwind.test"),
            ("time_zone", "Europe/Berlin"),
            ("weight_unit", "kg"),
            ("order_prefix", "NW-"),
            ("order_start", "5,000"),
        ],
    )
    .await;
    saved.assert_redirect_to("/admin/settings");
    assert_eq!(
        stored(&app),
        (
            "Northwind Goods".into(),
            "USD".into(),
            "Europe/Berlin".into(),
            "NW-".into(),
            5000
        )
    );
    let shown = owner.get("/admin/settings").await;
    assert!(shown.body.contains("Settings saved."));
    assert_eq!(shown.texts(".brand-name"), ["Northwind Goods"]);
    assert_eq!(shown.attr("#f-city", "value").as_deref(), Some("Berlin"));
    assert!(shown.texts(".hint strong").contains(&"NW-5000".to_owned()));

    // One audit entry, with only what changed.
    assert_eq!(app.audit_count("shop.settings_updated"), 1);
    let (before, after): (Option<String>, Option<String>) = app.with_db(|conn| {
        use backroom::db::schema::audit_log::dsl::*;
        use diesel::prelude::*;
        audit_log
            .filter(action.eq("shop.settings_updated"))
            .select((before_json, after_json))
            .first(conn)
            .unwrap()
    });
    let after: serde_json::Value = serde_json::from_str(&after.unwrap()).unwrap();
    let before: serde_json::Value = serde_json::from_str(&before.unwrap()).unwrap();
    assert_eq!(after["time_zone"], "Europe/Berlin");
    assert_eq!(before["time_zone"], "UTC");
    assert!(
        after.get("currency").is_none(),
        "unchanged fields stay out: {after}"
    );

    // Saving the same values again changes nothing and writes no entry.
    let again = save(&owner, &shown, &[]).await;
    again.assert_redirect_to("/admin/settings");
    assert_eq!(app.audit_count("shop.settings_updated"), 1);

    // Times are in the shop's zone, with the zone named; weights are typed in kilograms.
    let log = owner.get("/admin/audit").await;
    assert!(
        log.texts("time")
            .iter()
            .any(|t| t.ends_with(" CET") || t.ends_with(" CEST")),
        "{:?}",
        log.texts("time")
    );
    let form = owner.get("/admin/products/new").await;
    assert!(form.body.contains("Weight (kg)"));
    let created = owner
        .post_form(
            "/admin/products",
            &form,
            &[
                ("title", "Stoneware jug"),
                ("status", "active"),
                ("v0_present", "1"),
                ("v0_sku", "JUG-1"),
                ("v0_price", "30.00"),
                ("v0_weight", "1.25"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let grams: Option<i64> = app.with_db(|conn| {
        use backroom::db::schema::variants::dsl::*;
        use diesel::prelude::*;
        variants
            .filter(sku.eq("JUG-1"))
            .select(weight_grams)
            .first(conn)
            .unwrap()
    });
    assert_eq!(grams, Some(1250));
    let product = owner.get(&created.location().unwrap()).await;
    assert_eq!(product.attr("#v0_weight", "value").as_deref(), Some("1.25"));

    // Relative times carry the exact one on hover.
    let settings = owner.get("/admin/settings").await;
    save(&owner, &settings, &[("time_display", "relative")])
        .await
        .assert_redirect_to("/admin/settings");
    let log = owner.get("/admin/audit").await;
    assert!(
        log.texts("time").contains(&"just now".to_owned()),
        "{:?}",
        log.texts("time")
    );
    assert!(
        log.attr("time[title]", "title").unwrap().contains("CET")
            || log.attr("time[title]", "title").unwrap().contains("CEST")
    );
}

async fn a_currency_change_asks_first_once_products_have_prices(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    // No prices yet: the currency just changes.
    let page = owner.get("/admin/settings").await;
    save(&owner, &page, &[("currency", "EUR")])
        .await
        .assert_redirect_to("/admin/settings");
    assert_eq!(stored(&app).1, "EUR");

    let form = owner.get("/admin/products/new").await;
    let created = owner
        .post_form(
            "/admin/products",
            &form,
            &[
                ("title", "Linen shirt"),
                ("status", "active"),
                ("v0_present", "1"),
                ("v0_sku", "LS-1"),
                ("v0_price", "19.99"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);

    // Now it asks, says what it means, and changes nothing until the owner agrees.
    let page = owner.get("/admin/settings").await;
    let asked = save(
        &owner,
        &page,
        &[("currency", "GBP"), ("shop_name", "Renamed")],
    )
    .await;
    assert_eq!(asked.status, StatusCode::CONFLICT);
    let question = asked.texts(".confirm-box p").join(" ");
    assert!(
        question.contains("1 product has its prices in EUR"),
        "{question}"
    );
    assert!(question.contains("€19.99 becomes £19.99"), "{question}");
    assert_eq!(stored(&app).1, "EUR");
    assert_eq!(
        stored(&app).0,
        "Test Shop",
        "nothing is saved before the answer"
    );
    // The typed values are kept on the question page.
    assert_eq!(
        asked.attr("#f-shop_name", "value").as_deref(),
        Some("Renamed")
    );
    let agreed = save(&owner, &asked, &[("confirm_currency", "GBP")]).await;
    agreed.assert_redirect_to("/admin/settings");
    assert_eq!(stored(&app).1, "GBP");
    assert_eq!(stored(&app).0, "Renamed");
    let list = owner.get("/admin/products").await;
    assert!(
        list.body.contains("£19.99"),
        "prices show in the new currency"
    );

    // A currency with other decimals would change every stored price: refused, with why.
    let page = owner.get("/admin/settings").await;
    let refused = save(
        &owner,
        &page,
        &[("currency", "JPY"), ("confirm_currency", "JPY")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = refused.texts("#f-currency-error").join(" ");
    assert!(
        message.contains("GBP (2 decimals); JPY has 0 decimals"),
        "{message}"
    );
    assert_eq!(stored(&app).1, "GBP");
}

async fn a_stale_settings_save_is_refused_naming_who_saved(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let first = owner.get("/admin/settings").await;
    let second = owner.get("/admin/settings").await;
    save(&owner, &first, &[("city", "Lisbon")])
        .await
        .assert_redirect_to("/admin/settings");
    let stale = save(&owner, &second, &[("city", "Porto")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale
            .texts("[role=alert]")
            .join(" ")
            .contains("changed this shop's settings")
    );
    assert_eq!(stale.attr("#f-city", "value").as_deref(), Some("Lisbon"));
}

async fn only_owners_reach_the_settings(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let settings = owner.get("/admin/settings").await;
    let (manager, _) = app.staff_member(&owner, "manager").await;
    let dashboard = manager.get("/admin").await;
    assert!(!dashboard.texts("nav a").contains(&"Settings".to_owned()));
    assert_eq!(
        manager.get("/admin/settings").await.status,
        StatusCode::FORBIDDEN
    );
    let values = settings.form_values(
        "form[action='/admin/settings']",
        &[("shop_name", "Taken over")],
    );
    let token = dashboard.csrf_token();
    let mut fields: Vec<(&str, &str)> = values
        .iter()
        .filter(|(n, _)| n != "csrf_token")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    fields.push(("csrf_token", &token));
    let posted = manager.post_raw("/admin/settings", &fields).await;
    assert_eq!(posted.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app).0, "Test Shop");
}

crate::on_both_databases!(
    the_owner_changes_the_settings_and_every_page_follows,
    a_currency_change_asks_first_once_products_have_prices,
    a_stale_settings_save_is_refused_naming_who_saved,
    only_owners_reach_the_settings,
);
