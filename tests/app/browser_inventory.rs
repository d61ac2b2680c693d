//! Inventory in a real browser: adjust stock from the list with a reason, see it in the
//! history, receive a purchase order, post a small count with the scan box, and import a file
//! of levels; screenshots of each page.

use std::time::Duration;

use backroom::db::schema::{purchase_order_lines, stock_counts};
use diesel::prelude::*;
use fantoccini::{Client, Locator};

use crate::browser::{browser_run, fill, shoot, text_of, wait_find};
use crate::common::{OWNER_EMAIL, PASSWORD};
use crate::common::{create, product_fields};
use crate::common::{main_location, on_hand, reason, variant_of};

/// Waits until an element matching `css` contains `expected`.
async fn wait_for_text(client: &Client, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if let Ok(text) = element.text().await {
                if text.contains(expected) {
                    return;
                }
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never said {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until htmx has no request waiting out its trigger's delay or on its way: a quiet
/// half-second with no `htmx-request` class on the page.
async fn wait_until_idle(client: &Client) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    let mut quiet = 0;
    while quiet < 10 {
        let busy = client
            .execute(
                "return document.querySelector('.htmx-request') !== null",
                vec![],
            )
            .await
            .unwrap();
        quiet = if busy.as_bool() == Some(true) {
            0
        } else {
            quiet + 1
        };
        assert!(std::time::Instant::now() < deadline, "htmx never settled");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Clicks the element matching `css`, finding it again when an htmx swap replaced it between
/// the find and the click (a stale element), as a search's later answer can.
async fn click(client: &Client, css: &str) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        match wait_find(client, css).await.click().await {
            Ok(()) => return,
            Err(error) => assert!(
                std::time::Instant::now() < deadline,
                "{css} could not be clicked: {error}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merchant_adjusts_receives_and_counts_stock() {
    let Some(run) = browser_run("inventory browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    // The shop, a product, a placed purchase order and an open count, over HTTP.
    let owner = app.owner().await;
    let mut fields = product_fields("Harbour mug", "BR-1", "14.00");
    fields.push(("v0_cost", "3.00"));
    create(&owner, &fields).await;
    let variant = variant_of(app, "BR-1");
    let main = main_location(app);
    let page = owner.get("/admin/inventory").await;
    owner
        .post_form(
            "/admin/inventory/suppliers",
            &page,
            &[("name", "Harbour Mills")],
        )
        .await;
    let supplier: i64 = app.with_db(|c| {
        use backroom::db::schema::suppliers;
        suppliers::table.select(suppliers::id).first(c).unwrap()
    });
    let (supplier, location) = (supplier.to_string(), main.to_string());
    let draft = owner
        .post_form(
            "/admin/inventory/purchase-orders",
            &page,
            &[
                ("supplier", &supplier),
                ("location", &location),
                ("lines", "BR-1 6 3.00"),
            ],
        )
        .await;
    let order = draft
        .location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    owner
        .post_form(
            &format!("/admin/inventory/purchase-orders/{order}/place"),
            &page,
            &[],
        )
        .await;

    // Sign in in the browser.
    client.goto(&app.url("/login")).await.unwrap();
    fill(client, "#f-email", OWNER_EMAIL).await;
    fill(client, "#f-password", PASSWORD).await;
    click(client, "button[type=submit]").await;
    wait_find(client, ".topbar-name").await;

    // Adjust from the list's row, in place: add 5, received. The window is short so the list
    // scrolls; the row's save keeps the scroll and puts the focus back on the row.
    client
        .goto(&app.url(&format!("/admin/inventory?location={main}")))
        .await
        .unwrap();
    client.set_window_size(1440, 360).await.unwrap();
    let scrolled = client
        .execute(
            &format!(
                "document.getElementById('stock-{variant}').scrollIntoView(); return window.scrollY"
            ),
            vec![],
        )
        .await
        .unwrap();
    let scrolled = scrolled.as_f64().unwrap();
    assert!(scrolled > 0.0, "the list scrolls at this height");
    click(client, &format!("#stock-{variant} a.button")).await;
    fill(client, &format!("#qa-qty-{variant}"), "5").await;
    wait_find(client, &format!("#qa-reason-{variant}"))
        .await
        .select_by_value(&reason(app, "received"))
        .await
        .unwrap();
    click(
        client,
        &format!("#stock-{variant} .row-editor button.button-primary"),
    )
    .await;
    wait_for_text(client, "#toasts .toast", "Added 5 of BR-1").await;
    wait_for_text(
        client,
        &format!("#stock-{variant} td[data-label='On hand']"),
        "5",
    )
    .await;
    let after = client
        .execute(
            &format!("var a = document.activeElement; var r = document.getElementById('stock-{variant}').getBoundingClientRect(); \
              return [window.scrollY, a && a.closest('tbody') ? a.closest('tbody').id : null, r.top >= 0 && r.bottom <= window.innerHeight]"),
            vec![],
        )
        .await
        .unwrap();
    // Closing the row's forms shortens the page, so the browser may pull it up by that much;
    // never back to the top, and the row stays in view.
    assert!(
        (after[0].as_f64().unwrap() - scrolled).abs() < 60.0 && after[2].as_bool() == Some(true),
        "the page stayed where it was: {scrolled} then {after:?}"
    );
    assert_eq!(
        after[1].as_str(),
        Some(format!("stock-{variant}").as_str()),
        "focus stays on the row"
    );
    client.set_window_size(1440, 900).await.unwrap();
    shoot(client, "39-inventory-adjusted").await;
    assert_eq!(on_hand(app, variant, main), (5, 0));
    // The row opened, for the screenshot of its forms at both widths.
    click(client, &format!("#stock-{variant} a.button")).await;
    wait_find(client, &format!("#qa-qty-{variant}")).await;
    shoot(client, "39-inventory-row-open").await;

    // The history shows it, with its reason.
    click(
        client,
        &format!("#stock-{variant} a[href^='/admin/inventory/variants/']"),
    )
    .await;
    wait_for_text(client, "#movement-rows tbody", "Received").await;
    assert!(text_of(client, "h1").await.contains("BR-1"));
    shoot(client, "40-variant-history").await;

    // The product page's stock: a grid of variants by locations, loaded in place; the page keeps
    // its own title. A figure opens into on hand, committed and incoming.
    let product: i64 = app.with_db(move |c| {
        use backroom::db::schema::variants;
        variants::table
            .find(variant)
            .select(variants::product_id)
            .first(c)
            .unwrap()
    });
    client
        .goto(&app.url(&format!("/admin/products/{product}")))
        .await
        .unwrap();
    let title = client.title().await.unwrap();
    wait_find(client, "#stock .stock-grid").await;
    assert_eq!(
        client.title().await.unwrap(),
        title,
        "the product page keeps its title"
    );
    // The same grid on a page of its own (the link without JavaScript), a figure opened.
    client
        .goto(&app.url(&format!("/admin/inventory/products/{product}/stock")))
        .await
        .unwrap();
    click(client, ".stock-grid tbody td summary").await;
    wait_for_text(client, ".grid-figures", "On hand").await;
    shoot(client, "40-product-stock-grid").await;

    // A new purchase order's lines from the picker: search, choose, and the line is added.
    client
        .goto(&app.url("/admin/inventory/purchase-orders/new"))
        .await
        .unwrap();
    fill(client, "#picker-units", "3").await;
    wait_find(client, "#picker-q")
        .await
        .send_keys("harbour")
        .await
        .unwrap();
    // The search has answered for the whole word (no request waiting or on its way) before
    // the picks, so a later answer does not replace the results between the two clicks.
    wait_find(client, "#picker-results [data-pick='BR-1']").await;
    wait_until_idle(client).await;
    click(client, "#picker-results [data-pick='BR-1']").await;
    click(client, "#picker-results [data-pick='BR-1']").await;
    let typed = client
        .execute("return document.getElementById('f-lines').value", vec![])
        .await
        .unwrap();
    assert_eq!(
        typed.as_str(),
        Some("BR-1 6\n"),
        "a second pick adds to the line"
    );
    shoot(client, "40-purchase-order-picker").await;

    // Receive the purchase order.
    client
        .goto(&app.url(&format!("/admin/inventory/purchase-orders/{order}")))
        .await
        .unwrap();
    let line: i64 = app.with_db(|c| {
        purchase_order_lines::table
            .select(purchase_order_lines::id)
            .first(c)
            .unwrap()
    });
    // More than outstanding asks in a dialog first; cancelling it receives nothing.
    fill(client, &format!("#line-{line}"), "8").await;
    click(client, "form[action$='/receive'] button.button-primary").await;
    let question = text_of(client, "dialog.confirm-dialog[open] p").await;
    assert!(
        question.contains("BR-1: 8 received, 6 outstanding"),
        "{question}"
    );
    shoot(client, "41-over-receipt-dialog").await;
    click(client, "dialog.confirm-dialog[open] button[value=no]").await;
    assert_eq!(on_hand(app, variant, main), (5, 0));
    // "Receive everything outstanding" asks too, with how much, and then receives it all.
    fill(client, &format!("#line-{line}"), "").await;
    shoot(client, "41-purchase-order").await;
    click(client, "form[action$='/receive'] button[name=everything]").await;
    let question = text_of(client, "dialog.confirm-dialog[open] p").await;
    assert!(question.contains("6 units on 1 line"), "{question}");
    click(client, "dialog.confirm-dialog[open] button[value=yes]").await;
    wait_for_text(client, ".flash-success", "purchase order").await;
    assert_eq!(on_hand(app, variant, main), (11, 0));

    // Count it with the scan box: 10 found; focus stays in the box for the next scan.
    client
        .goto(&app.url("/admin/inventory/counts/new"))
        .await
        .unwrap();
    wait_find(client, "#f-location")
        .await
        .select_by_value(&location)
        .await
        .unwrap();
    click(client, "input[name=scope][value=codes]").await;
    fill(client, "#f-codes", "BR-1").await;
    click(
        client,
        "form[action='/admin/inventory/counts'] button[type=submit]",
    )
    .await;
    wait_find(client, "#scan-code").await;
    fill(client, "#scan-code", "BR-1").await;
    fill(client, "#scan-units", "10").await;
    wait_find(client, "#scan-units")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_for_text(client, "#scan-message", "BR-1: 10 counted.").await;
    let focused = client
        .execute(
            "return document.activeElement && document.activeElement.id",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        focused.as_str(),
        Some("scan-code"),
        "the box takes the next scan"
    );
    shoot(client, "42-count-sheet").await;
    let count: i64 = app.with_db(|c| {
        stock_counts::table
            .select(stock_counts::id)
            .first(c)
            .unwrap()
    });
    client
        .goto(&app.url(&format!("/admin/inventory/counts/{count}/review")))
        .await
        .unwrap();
    wait_for_text(client, "tbody", "BR-1").await;
    shoot(client, "43-count-review").await;
    click(client, "form[action$='/post'] button").await;
    let question = text_of(client, "dialog.confirm-dialog[open] p").await;
    assert!(question.contains("1 level at Main"), "{question}");
    click(client, "dialog.confirm-dialog[open] button[value=yes]").await;
    wait_for_text(client, ".flash-success", "posted").await;
    assert_eq!(on_hand(app, variant, main), (10, 0));

    // Import a file of levels: check it, see each level before and after, apply it.
    client
        .goto(&app.url("/admin/inventory/import"))
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stock.csv");
    std::fs::write(
        &file,
        "sku,location,adjust_by,reason\nBR-1,MAIN,4,received\n",
    )
    .unwrap();
    wait_find(client, "input[type=file]")
        .await
        .send_keys(&file.to_string_lossy())
        .await
        .unwrap();
    click(
        client,
        "form[enctype='multipart/form-data'] button[type=submit]",
    )
    .await;
    wait_for_text(client, "#change-rows", "BR-1").await;
    shoot(client, "44-stock-import-check").await;
    click(client, "form[action$='/apply'] button[type=submit]").await;
    click(client, "dialog.confirm-dialog[open] button[value=yes]").await;
    wait_for_text(client, "#job-outcome", "Applied 1 line").await;
    shoot(client, "45-stock-import-applied").await;
    assert_eq!(on_hand(app, variant, main), (14, 0));
}
