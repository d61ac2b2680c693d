//! Work is never lost silently, in a real browser: a save after the session ended (signed out
//! in another tab) keeps the form as typed, says so, offers a sign-in in a new tab, and saves
//! once signed in again — for the product form and the image form.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{browser_run, fill, set_up_owner, shoot, text_of, wait_find};
use crate::common::{PASSWORD, TestApp};

/// Signs out in a second window (the same browser, so the same session) and comes back.
async fn sign_out_elsewhere(client: &Client, app: &TestApp) {
    let here = client.window().await.unwrap();
    let other = client.new_window(true).await.unwrap();
    client.switch_to_window(other.handle).await.unwrap();
    client.goto(&app.url("/admin")).await.unwrap();
    wait_find(client, "form[action='/logout'] button")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, "#f-email").await;
    client.close_window().await.unwrap();
    client.switch_to_window(here).await.unwrap();
}

/// Signs in again in a second window, as the notice's link does, and comes back.
async fn sign_in_elsewhere(client: &Client, sign_in_link: &str) {
    let here = client.window().await.unwrap();
    let other = client.new_window(true).await.unwrap();
    client.switch_to_window(other.handle).await.unwrap();
    client.goto(sign_in_link).await.unwrap();
    fill(client, "#f-email", "hana@harbour.test").await;
    fill(client, "#f-password", PASSWORD).await;
    wait_find(client, "button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, ".topbar-name").await;
    client.close_window().await.unwrap();
    client.switch_to_window(here).await.unwrap();
}

/// Waits until an element matching `css` contains `expected` (a swap may replace the element
/// being read, so reading is retried).
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

/// Whether the page would ask before being left: dispatches `beforeunload` as the browser does
/// and reads whether the page cancelled it.
async fn would_ask_before_leaving(client: &Client) -> bool {
    let script = "var e = new Event('beforeunload', { cancelable: true }); \
                  window.dispatchEvent(e); return e.defaultPrevented;";
    client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_bool()
        .unwrap()
}

/// A field's value. The element is found afresh on each try: htmx may still be swapping the
/// form in when the flash appears, which leaves a found element stale.
async fn value_of(client: &Client, css: &str) -> String {
    for _ in 0..40 {
        if let Ok(value) = wait_find(client, css).await.prop("value").await {
            return value.unwrap_or_default();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{css} kept going stale");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_after_the_session_ended_keeps_the_typed_values_and_saves_after_signing_in() {
    let Some(run) = browser_run("session browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;

    client.goto(&app.url("/admin/products/new")).await.unwrap();
    fill(client, "#f-title", "Linen Apron").await;
    fill(client, "#v0_price", "24").await;
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(client, ".flash-success").await, "Product created.");
    let product_url = client.current_url().await.unwrap();

    // The product form: typed, then saved after the session ended elsewhere.
    fill(client, "#f-title", "Linen Apron, washed").await;
    sign_out_elsewhere(client, app).await;
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    let notice = text_of(client, "#session-ended").await;
    assert!(notice.contains("Your session has ended"), "{notice}");
    assert!(notice.contains("not saved"), "{notice}");
    assert_eq!(value_of(client, "#f-title").await, "Linen Apron, washed");
    let link = wait_find(client, "#session-ended a").await;
    assert_eq!(
        link.attr("target").await.unwrap().as_deref(),
        Some("_blank")
    );
    let href = link.prop("href").await.unwrap().unwrap();
    assert!(
        href.ends_with(&format!(
            "/login?next={}",
            product_url.path().replace('/', "%2F")
        )),
        "the sign-in returns to this page: {href}"
    );
    shoot(client, "20-session-ended").await;

    sign_in_elsewhere(client, &href).await;
    let restored = text_of(client, "#session-ended.session-restored").await;
    assert!(restored.contains("signed in again"), "{restored}");
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(client, ".flash-success", "Product saved.").await;
    assert_eq!(value_of(client, "#f-title").await, "Linen Apron, washed");

    // The image form: the alt text typed under an image is kept the same way.
    let dir = tempfile::tempdir().unwrap();
    let picture = dir.path().join("apron.png");
    std::fs::write(&picture, crate::common::png(60, 60)).unwrap();
    wait_find(client, "#f-image")
        .await
        .send_keys(&picture.to_string_lossy())
        .await
        .unwrap();
    wait_find(client, ".upload-form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, ".image-form input[name^=alt_]").await;
    fill(client, ".image-form input[name^=alt_]", "Apron on a hook").await;
    sign_out_elsewhere(client, app).await;
    wait_find(client, ".image-form button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    assert!(
        text_of(client, "#session-ended")
            .await
            .contains("Your session has ended")
    );
    assert_eq!(
        value_of(client, ".image-form input[name^=alt_]").await,
        "Apron on a hook"
    );
    let href = wait_find(client, "#session-ended a")
        .await
        .prop("href")
        .await
        .unwrap()
        .unwrap();
    sign_in_elsewhere(client, &href).await;
    text_of(client, "#session-ended.session-restored").await;
    wait_find(client, ".image-form button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(client, ".flash-success", "Product saved.").await;
    assert_eq!(
        value_of(client, ".image-form input[name^=alt_]").await,
        "Apron on a hook"
    );
    client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_saves_the_product_and_leaving_with_unsaved_changes_asks_first() {
    let Some(run) = browser_run("product form browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;
    client.goto(&app.url("/admin/products/new")).await.unwrap();
    fill(client, "#f-title", "Canvas Tote").await;
    fill(client, "#v0_price", "35").await;
    // Enter in a field saves (it used to press "Update variants", which saves nothing).
    wait_find(client, "#v0_price")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_for_text(client, ".flash-success", "Product created.").await;
    fill(client, "#f-title", "Canvas Tote, natural").await;
    wait_find(client, "#f-title")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_for_text(client, ".flash-success", "Product saved.").await;
    assert_eq!(value_of(client, "#f-title").await, "Canvas Tote, natural");

    // Leaving with unsaved changes asks first. (Chromedriver answers "leave this page?" by
    // itself, so the test asks the page whether it would ask, as the browser does.)
    assert!(!would_ask_before_leaving(client).await, "nothing typed yet");
    fill(client, "#f-vendor", "Harbour Mills").await;
    assert!(would_ask_before_leaving(client).await);
    // Saving clears it: the saved page has nothing unsaved.
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(client, ".flash-success", "Product saved.").await;
    assert_eq!(value_of(client, "#f-vendor").await, "Harbour Mills");
    assert!(!would_ask_before_leaving(client).await);
    // A save refused with errors is still unsaved.
    fill(client, "#v0_price", "free").await;
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, "#v0_price-error").await;
    assert!(would_ask_before_leaving(client).await);
    // Focus moves to the error summary, whose lines lead to the fields.
    let focused = client
        .execute("return document.activeElement.className", vec![])
        .await
        .unwrap();
    assert!(
        focused
            .as_str()
            .unwrap_or_default()
            .contains("error-summary"),
        "{focused:?}"
    );
    client.clone().close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_starts_at_the_top_and_back_returns_to_the_page_before() {
    let Some(run) = browser_run("list browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;
    // Sixty products through the import, from a second client of the same account.
    let http = app.client();
    http.sign_in("hana@harbour.test", PASSWORD).await;
    let dry = crate::common::upload(&http, &crate::common::catalog_csv(60)).await;
    crate::common::apply(&http, &dry).await;

    client
        .goto(&app.url("/admin/products?sort=title_asc"))
        .await
        .unwrap();
    wait_for_text(client, "#product-results tbody tr:first-child", "Item 000").await;
    client
        .execute("window.scrollTo(0, document.body.scrollHeight)", vec![])
        .await
        .unwrap();
    wait_find(client, ".pagination a:last-child")
        .await
        .click()
        .await
        .unwrap();
    wait_for_text(client, "#product-results tbody tr:first-child", "Item 050").await;
    let url = client.current_url().await.unwrap();
    assert!(url.query().unwrap_or_default().contains("after="), "{url}");
    let top = client
        .execute(
            "return document.getElementById('product-results').getBoundingClientRect().top",
            vec![],
        )
        .await
        .unwrap();
    let top = top.as_f64().unwrap();
    assert!(
        (-1.0..200.0).contains(&top),
        "the list starts in view after paging: {top}"
    );
    // Reload keeps the page; Back returns to the first.
    client.refresh().await.unwrap();
    wait_for_text(client, "#product-results tbody tr:first-child", "Item 050").await;
    client.back().await.unwrap();
    wait_for_text(client, "#product-results tbody tr:first-child", "Item 000").await;
    client.clone().close().await.unwrap();
}
