//! Every page at 375 px: never wider than the screen. Every GET page of the route table is
//! opened (with real ids), and so are the pages only a post shows (import dry run, bulk
//! preview, a confirmation). Screenshots of the main pages at 1440 and 375 px go to
//! target/screenshots/.

use std::time::Duration;

use backroom::web::routing::Access;
use fantoccini::{Client, Locator};

use crate::browser::{browser_run, fill, set_up_owner, shoot, wait_find, wait_for_path};
use crate::common::PASSWORD;

/// How much wider than the screen the page is, in CSS pixels (0 when it fits).
async fn overflow(client: &Client) -> i64 {
    let script = "return document.documentElement.scrollWidth - window.innerWidth";
    client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap_or(0)
}

/// The id a path's `{id}` stands for, by what the path lists.
fn concrete(path: &str, ids: &[(&str, i64)]) -> Option<String> {
    if path.contains("{image}") || path.contains("{path") || path.contains("{token}") {
        return None;
    }
    let id = ids
        .iter()
        .find(|(prefix, _)| path.starts_with(prefix))
        .map(|(_, id)| *id)?;
    Some(path.replace("{id}", &id.to_string()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_is_wider_than_a_phone() {
    let Some(run) = browser_run("layout browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;
    // A catalog to show, from a second client of the same account: products with options, an
    // image, a category, a bulk edit.
    let http = app.client();
    http.sign_in("hana@harbour.test", PASSWORD).await;
    let dry = crate::common::upload(&http, &crate::common::catalog_csv(30)).await;
    crate::common::apply(&http, &dry).await;
    let import_id: i64 = dry
        .attr("form[action$='/apply']", "action")
        .unwrap()
        .split('/')
        .nth(4)
        .unwrap()
        .parse()
        .unwrap();
    let first = http.get("/admin/products?sort=title_asc").await;
    let product_id: i64 = first
        .attr("tbody tr td:nth-child(3) a", "href")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    crate::common::upload_image(
        &http,
        &product_id.to_string(),
        crate::common::png(80, 80),
        "a.png",
        "Front",
    )
    .await;
    let form = http.get("/admin/categories/new").await;
    let category = http
        .post_form(
            "/admin/categories",
            &form,
            &[("name", "Outerwear and rain gear for long walks")],
        )
        .await;
    assert_eq!(category.status, reqwest::StatusCode::SEE_OTHER);
    let category_id: i64 = http
        .get("/admin/categories")
        .await
        .attr("tbody a[href^='/admin/categories/']", "href")
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let list = http.get("/admin/products").await;
    let applied = http
        .post_form(
            "/admin/products/bulk/apply",
            &list,
            &[
                ("confirmed", "yes"),
                ("scope", "all"),
                ("filter", ""),
                ("operation", "add_tag"),
                ("value", "autumn"),
            ],
        )
        .await;
    let change_set: i64 = applied
        .location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let staff_id: i64 = app.with_db(|conn| {
        backroom::staff::find_by_email_key(conn, "hana@harbour.test")
            .unwrap()
            .unwrap()
            .id
            .get()
    });
    let ids = [
        ("/admin/products/import", import_id),
        ("/admin/products/changes", change_set),
        ("/admin/products", product_id),
        ("/admin/categories", category_id),
        ("/admin/staff", staff_id),
        ("/admin", 0),
    ];

    client.set_window_size(375, 812).await.unwrap();
    let mut too_wide = Vec::new();
    let mut pages = 0;
    for route in backroom::startup::route_table() {
        let skip = route.method != actix_web::http::Method::GET
            || route.access == Access::Public
            || route.path.ends_with(".csv")
            || route.path.ends_with("/token")
            || route.path.ends_with("/thumbnail");
        let Some(path) = (!skip).then(|| concrete(route.path, &ids)).flatten() else {
            continue;
        };
        client.goto(&app.url(&path)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        pages += 1;
        let extra = overflow(client).await;
        if extra > 0 {
            too_wide.push(format!("{path}: {extra} px too wide"));
        }
    }
    assert!(pages >= 15, "only {pages} pages visited");

    // Pages only a post shows.
    client
        .goto(&app.url(&format!("/admin/products/{product_id}")))
        .await
        .unwrap();
    wait_find(client, "form[action$='/archive'] button")
        .await
        .click()
        .await
        .unwrap();
    // (JavaScript asks in a dialog; the dialog must fit too.)
    wait_find(client, "dialog.confirm-dialog[open]").await;
    if overflow(client).await > 0 {
        too_wide.push("archive dialog".into());
    }
    client
        .goto(&app.url("/admin/products/import"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("more.csv");
    std::fs::write(&file, crate::common::catalog_csv(32)).unwrap();
    wait_find(client, "input[type=file]")
        .await
        .send_keys(&file.to_string_lossy())
        .await
        .unwrap();
    wait_find(
        client,
        "form[enctype='multipart/form-data'] button[type=submit]",
    )
    .await
    .click()
    .await
    .unwrap();
    wait_find(client, "#to-create").await;
    if overflow(client).await > 0 {
        too_wide.push("import dry run".into());
    }
    shoot(client, "34-import-dry-run").await;
    client.set_window_size(375, 812).await.unwrap();
    shoot_part(client, "#import-changes", "34b-import-changes-375").await;
    client
        .goto(&app.url("/admin/products?sort=title_asc"))
        .await
        .unwrap();
    wait_find(client, "#product-results input[name=ids]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, "#bulk-form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/admin/products/bulk").await;
    client
        .find(Locator::Css("#f-operation option[value=price_percent]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    fill(client, "#f-value", "10").await;
    wait_find(
        client,
        "form[action^='/admin/products/bulk/preview'] button",
    )
    .await
    .click()
    .await
    .unwrap();
    wait_find(client, "#preview-rows").await;
    // The answer opens at the preview (its URL ends in #preview), not at the form above it.
    let at_preview: bool = client
        .execute(
            "return document.getElementById('preview').getBoundingClientRect().top < window.innerHeight",
            vec![],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap();
    assert!(at_preview, "the preview is in view after Preview changes");
    if overflow(client).await > 0 {
        too_wide.push("bulk preview".into());
    }
    shoot(client, "33-bulk-preview").await;

    for (name, path) in [
        ("30-dashboard", "/admin".to_owned()),
        ("31-settings", "/admin/settings".to_owned()),
        ("32-product-list", "/admin/products".to_owned()),
        ("35-product-page", format!("/admin/products/{product_id}")),
        ("36-audit-log", "/admin/audit".to_owned()),
        ("37-inventory", "/admin/inventory?location=1".to_owned()),
        ("38-movements", "/admin/inventory/movements".to_owned()),
    ] {
        client.goto(&app.url(&path)).await.unwrap();
        shoot(client, name).await;
    }
    // The list's rows as cards on a phone.
    client.set_window_size(375, 812).await.unwrap();
    client.goto(&app.url("/admin/products")).await.unwrap();
    shoot_part(client, ".result-line", "32b-product-rows-375").await;
    client
        .goto(&app.url("/admin/inventory?location=1"))
        .await
        .unwrap();
    shoot_part(client, ".result-line", "37b-inventory-375").await;
    assert!(
        too_wide.is_empty(),
        "pages wider than 375 px: {too_wide:#?}"
    );
    client.clone().close().await.unwrap();
}

/// A screenshot at the current size with `selector` scrolled to the top of the view.
async fn shoot_part(client: &Client, selector: &str, name: &str) {
    client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView()",
            vec![serde_json::json!(selector)],
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    let png = client.screenshot().await.unwrap();
    std::fs::write(
        crate::browser::screenshot_dir().join(format!("{name}.png")),
        png,
    )
    .unwrap();
}
