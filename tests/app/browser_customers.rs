//! Customers in a real browser: add a customer, give them two addresses, find them with the
//! live search, and look at the list and the page at 1440 and 375 px; screenshots of each.

use std::time::Duration;

use fantoccini::{Client, Locator};

use crate::browser::{browser_run, fill, shoot, text_of, wait_find, wait_for_path};
use crate::common::{OWNER_EMAIL, PASSWORD};

async fn click(client: &Client, css: &str) {
    wait_find(client, css).await.click().await.unwrap();
}

/// Waits until the element matching `css` says `expected`.
async fn wait_for_text(client: &Client, css: &str, expected: &str) {
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    loop {
        if let Ok(element) = client.find(Locator::Css(css)).await {
            if element.text().await.is_ok_and(|t| t.contains(expected)) {
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never said {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn add_address(client: &Client, fields: &[(&str, &str)], country: &str) {
    click(client, "#addresses-heading ~ details summary").await;
    for (field, value) in fields {
        fill(client, &format!("#f-{field}"), value).await;
    }
    wait_find(client, "#f-country")
        .await
        .select_by_value(country)
        .await
        .unwrap();
    click(client, "form[action$='/addresses'] button[type=submit]").await;
    wait_for_text(client, ".flash-success", "Address added").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merchant_adds_a_customer_with_two_addresses_and_finds_them() {
    let Some(run) = browser_run("customers browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    app.owner().await;
    client.goto(&app.url("/login")).await.unwrap();
    fill(client, "#f-email", OWNER_EMAIL).await;
    fill(client, "#f-password", PASSWORD).await;
    click(client, "button[type=submit]").await;
    wait_find(client, ".topbar-name").await;

    client.goto(&app.url("/admin/customers")).await.unwrap();
    wait_for_text(client, ".empty-state h2", "No customers yet").await;
    shoot(client, "60-customers-empty").await;

    // Add a customer; a phone typed wrongly is refused in place, the rest kept.
    click(client, "a[href='/admin/customers/new']").await;
    fill(client, "#f-first_name", "Ada").await;
    fill(client, "#f-last_name", "Lovelace").await;
    fill(client, "#f-email", "ada@example.com").await;
    fill(client, "#f-phone", "+44 12").await;
    fill(client, "#f-tags", "vip, wholesale").await;
    click(
        client,
        "form[action='/admin/customers'] button.button-primary",
    )
    .await;
    wait_for_text(client, "#f-phone-error", "phone").await;
    shoot(client, "61-customer-form-refused").await;
    assert_eq!(
        wait_find(client, "#f-first_name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Ada")
    );
    fill(client, "#f-phone", "+44 20 7946 0958").await;
    click(
        client,
        "form[action='/admin/customers'] button.button-primary",
    )
    .await;
    wait_for_text(client, "h1", "Ada Lovelace").await;

    // Two addresses: the first becomes the default for both; the second is in France.
    add_address(
        client,
        &[
            ("line1", "12 Harbour Row"),
            ("city", "Bristol"),
            ("postcode", "BS1 4QA"),
        ],
        "GB",
    )
    .await;
    add_address(
        client,
        &[
            ("line1", "3 Rue Neuve"),
            ("city", "Lyon"),
            ("postcode", "69002"),
        ],
        "FR",
    )
    .await;
    let addresses = text_of(client, "#addresses").await;
    assert!(
        addresses.contains("Bristol") && addresses.contains("Lyon"),
        "{addresses}"
    );
    assert!(addresses.contains("Default shipping"));
    shoot(client, "62-customer-page").await;

    // Find them from the list as the name is typed (htmx swaps the results, the URL follows).
    client.goto(&app.url("/admin/customers")).await.unwrap();
    wait_find(client, "#f-q")
        .await
        .send_keys("lovel")
        .await
        .unwrap();
    wait_for_path(client, "/admin/customers").await;
    wait_for_text(client, "#customer-rows", "Ada Lovelace").await;
    let url = client.current_url().await.unwrap();
    let deadline = std::time::Instant::now() + crate::browser::WAIT;
    while !client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("q=lovel")
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the address bar kept {url}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    shoot(client, "63-customer-search").await;
}
