//! The audit log, readable: entries in words with their record linked and only what changed,
//! filters by person, record and dates, one product's history, CSV export; and the dashboard's
//! catalog figures and activity in words, for every role within what it may see.

use crate::common::{Db, OWNER_NAME, TestApp};
use crate::common::{create, id_from, product_fields};
use reqwest::StatusCode;

async fn the_log_reads_as_words_and_filters_by_person_record_and_date(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Linen Shirt", "LS-1", "40.00")).await);
    let path = format!("/admin/products/{id}");
    let page = owner.get(&path).await;
    let values = page.form_values("#product-form", &[("v0_price", "42.00")]);
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        owner.post_raw(&path, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    // Saving again without a change writes no entry (and keeps the version).
    let page = owner.get(&path).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    let values = page.form_values("#product-form", &[]);
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        owner.post_raw(&path, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.audit_count("catalog.product_updated"), 1);
    let again = owner.get(&path).await;
    assert_eq!(again.attr("input[name=version]", "value").unwrap(), version);

    // The history link leads to this product's entries, in words, with only what changed.
    let history = again
        .attr("a[href^='/admin/audit?entity=product']", "href")
        .unwrap();
    let log = owner.get(&history.replace("&amp;", "&")).await;
    assert_eq!(log.texts("h1"), ["History of Linen Shirt"]);
    assert_eq!(
        log.texts(".audit-action"),
        ["Product updated", "Product created"]
    );
    assert_eq!(
        log.attr(".audit-head a", "href").as_deref(),
        Some(path.as_str())
    );
    let changed: Vec<String> = log.texts(".audit-entry:first-child .audit-changes tbody th, .audit-entry:first-child .audit-changes tbody td");
    assert_eq!(changed, ["Price (LS-1)", "$40.00", "$42.00"]);
    assert!(
        log.texts(".audit-meta span[title]")
            .iter()
            .all(|w| w == OWNER_NAME)
    );

    // Filters: by person, by dates in the shop's time zone.
    let (manager, _) = app.staff_member(&owner, "manager").await;
    create(&manager, &product_fields("Wool Scarf", "WS-1", "25.00")).await;
    let manager_id: i64 = app.with_db(|conn| {
        use backroom::db::schema::staff::dsl::*;
        use diesel::prelude::*;
        staff
            .filter(role.eq("manager"))
            .select(id)
            .first(conn)
            .unwrap()
    });
    let theirs = owner
        .get(&format!("/admin/audit?entity=product&person={manager_id}"))
        .await;
    assert_eq!(theirs.texts(".audit-head a"), ["Wool Scarf"]);
    let today = chrono::Utc::now().date_naive();
    let tomorrow = today.succ_opt().unwrap();
    let yesterday = today.pred_opt().unwrap();
    let in_range = owner
        .get(&format!(
            "/admin/audit?entity=product&from={today}&to={today}"
        ))
        .await;
    assert_eq!(in_range.count(".audit-entry"), 3);
    assert_eq!(
        owner
            .get(&format!("/admin/audit?from={tomorrow}"))
            .await
            .count(".audit-entry"),
        0
    );
    assert_eq!(
        owner
            .get(&format!("/admin/audit?to={yesterday}"))
            .await
            .count(".audit-entry"),
        0
    );

    // The export: the same entries, changes in words.
    let csv = owner
        .get(&format!(
            "/admin/audit/export.csv?entity=product&record={id}"
        ))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let lines: Vec<&str> = csv.body.lines().collect();
    assert!(
        lines[0].starts_with("id,time_utc,who,action"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(
        lines[1].contains("Price (LS-1): $40.00 → $42.00"),
        "{}",
        lines[1]
    );

    // The dashboard tells it in words; a viewer sees the catalog's part, not staff changes.
    let dashboard = owner.get("/admin").await;
    let activity = dashboard.texts("#recent-activity li a");
    assert!(
        activity.contains(&format!("{OWNER_NAME} changed the price of Linen Shirt")),
        "{activity:?}"
    );
    assert!(
        activity
            .iter()
            .any(|a| a.contains("added Test manager to the staff")),
        "{activity:?}"
    );
    assert_eq!(
        dashboard.attr("a.stat-link[href$='status=active'] .stat-value", "value"),
        None
    );
    assert_eq!(
        dashboard.texts("a.stat-link[href$='status=active'] .stat-value"),
        ["2"]
    );
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let theirs = viewer.get("/admin").await;
    let activity = theirs.texts("#recent-activity li");
    assert!(
        activity
            .iter()
            .any(|a| a.contains("changed the price of Linen Shirt")),
        "{activity:?}"
    );
    assert!(
        !activity.iter().any(|a| a.contains("Staff")),
        "{activity:?}"
    );
    assert_eq!(theirs.count("a[href='/admin/audit']"), 0);
    assert_eq!(
        viewer.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
}

crate::on_both_databases!(the_log_reads_as_words_and_filters_by_person_record_and_date);
