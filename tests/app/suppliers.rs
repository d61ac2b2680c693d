//! A supplier's variants: listed on its page, added ticked or all that match a filter (asked
//! first), kept or replaced where another supplier is the default, removed; the low-stock page
//! then offers them for that supplier. On both databases.

use backroom::db::schema::{suppliers, variant_suppliers};
use diesel::prelude::*;
use reqwest::StatusCode;

use crate::common::{Client, Db, TestApp, apply, catalog_csv, main_location, upload, variant_of};

fn supplier_named(app: &TestApp, name: &str) -> i64 {
    let name = name.to_owned();
    app.with_db(move |c| {
        suppliers::table
            .filter(suppliers::name.eq(name))
            .select(suppliers::id)
            .first(c)
            .unwrap()
    })
}

fn naming(app: &TestApp, supplier: i64) -> i64 {
    app.with_db(move |c| {
        variant_suppliers::table
            .filter(variant_suppliers::supplier_id.eq(supplier))
            .count()
            .get_result(c)
            .unwrap()
    })
}

async fn add(client: &Client, supplier: i64, fields: &[(&str, &str)]) -> crate::common::Page {
    client
        .post(
            &format!("/admin/inventory/suppliers/{supplier}/variants"),
            fields,
        )
        .await
}

async fn a_supplier_takes_variants_ticked_or_all_that_match(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let uploaded = upload(&owner, &catalog_csv(3)).await;
    assert_eq!(apply(&owner, &uploaded).await.status, StatusCode::SEE_OTHER);
    app.jobs_finished().await;
    for name in ["Mills", "Other Mills"] {
        let made = owner
            .post("/admin/inventory/suppliers", &[("name", name)])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    }
    let (mills, other) = (
        supplier_named(&app, "Mills"),
        supplier_named(&app, "Other Mills"),
    );
    let page = format!("/admin/inventory/suppliers/{mills}/variants");

    // Linked from the supplier's page; empty at first.
    let form = owner
        .get(&format!("/admin/inventory/suppliers/{mills}"))
        .await;
    assert_eq!(form.count(&format!("a[href='{page}']")), 1);
    let empty = owner.get(&page).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.count(".empty-state"), 1);

    // Found by vendor: the two variants of Item 001; one ticked and added.
    let found = owner.get(&format!("{page}?find=1&vendor=Vendor+1")).await;
    assert_eq!(
        found.count("input[name=ids][id^=add-]"),
        2,
        "{}",
        found.body
    );
    let first = variant_of(&app, "ITEM-001-S").to_string();
    let added = add(
        &owner,
        mills,
        &[("ids", first.as_str()), ("vendor", "Vendor 1")],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(
        added.location().as_deref(),
        Some(format!("{page}?vendor=Vendor+1").as_str())
    );
    assert_eq!(naming(&app, mills), 1);
    let listed = owner.get(&page).await;
    assert!(
        listed.body.contains("1 variant names Mills"),
        "{}",
        listed.body
    );
    assert_eq!(listed.count("input[name=ids][id^=remove-]"), 1);

    // Another supplier already names one variant: "all that match" asks first, says so, and
    // leaves it unless "replace" is ticked.
    let theirs = variant_of(&app, "ITEM-000-S");
    let set = owner
        .post(
            &format!("/admin/inventory/variants/{theirs}/supplier"),
            &[("supplier", &other.to_string())],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    let asked = add(&owner, mills, &[("all", "yes"), ("find", "1")]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.body.contains("5 variants that match get Mills")
            && asked
                .body
                .contains("1 variant naming another supplier keep theirs"),
        "{}",
        asked.body
    );
    assert_eq!(naming(&app, mills), 1, "nothing before the answer");
    let all = add(
        &owner,
        mills,
        &[("all", "yes"), ("find", "1"), ("confirmed", "yes")],
    )
    .await;
    assert_eq!(all.status, StatusCode::SEE_OTHER);
    let said = owner.get(&all.location().unwrap()).await;
    assert!(
        said.body.contains("4 variants now name Mills as their default supplier; 1 variant naming another supplier kept it"),
        "{}",
        said.body
    );
    assert_eq!(naming(&app, mills), 5);
    assert_eq!(naming(&app, other), 1);
    let replaced = add(
        &owner,
        mills,
        &[("all", "yes"), ("replace", "yes"), ("confirmed", "yes")],
    )
    .await;
    assert_eq!(replaced.status, StatusCode::SEE_OTHER);
    assert_eq!(naming(&app, mills), 6);
    assert_eq!(naming(&app, other), 0);
    assert_eq!(app.audit_count("inventory.supplier_variants_added"), 3);

    // Nothing ticked is said, not done.
    let nothing = add(&owner, mills, &[]).await;
    let shown = owner.get(&nothing.location().unwrap()).await;
    assert!(
        shown.body.contains("Tick the variants to add first"),
        "{}",
        shown.body
    );

    // The low-stock page offers them for Mills.
    let main = main_location(&app).to_string();
    let every = [
        ("location", main.as_str()),
        ("point", "5"),
        ("confirmed", "yes"),
    ];
    owner.post("/admin/inventory/reorder/bulk", &every).await;
    let low = owner
        .get(&format!(
            "/admin/inventory/reorder?location={main}&supplier={mills}"
        ))
        .await;
    assert!(low.body.contains("6 low at Main"), "{}", low.body);

    // Removing the ticked ones.
    let removed = owner
        .post(&format!("{page}/remove"), &[("ids", first.as_str())])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(naming(&app, mills), 5);
    assert_eq!(app.audit_count("inventory.supplier_variants_removed"), 1);

    // A viewer reads the page, with no forms, and may not change it.
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let seen = viewer.get(&page).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert_eq!(seen.count("form[method=post][action*='/variants']"), 0);
    let refused = add(&viewer, mills, &[("ids", first.as_str())]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(naming(&app, mills), 5);
}

crate::on_both_databases!(a_supplier_takes_variants_ticked_or_all_that_match);
