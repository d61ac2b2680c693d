//! The API tokens page in a real browser: create a token from the keyboard (Enter in the
//! name), copy it from where it is shown once, use it, and revoke it through the dialog;
//! screenshots at both widths.

use fantoccini::{Client, Locator};
use reqwest::StatusCode;

use crate::browser::{browser_run, fill, set_up_owner, shoot, text_of, wait_find};

async fn click(client: &Client, css: &str) {
    wait_find(client, css).await.click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_creates_uses_and_revokes_an_api_token() {
    let Some(run) = browser_run("API tokens browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;
    client
        .goto(&app.url("/admin/settings/api-tokens"))
        .await
        .unwrap();
    assert_eq!(text_of(client, ".empty-state h2").await, "No tokens yet");
    click(client, "input[name=scope][value='catalog:read']").await;
    fill(client, "#f-name", "Storefront\u{e007}").await;
    let token = wait_find(client, "#new-token")
        .await
        .attr("value")
        .await
        .unwrap()
        .unwrap();
    assert!(token.starts_with("brk_"), "{token}");
    shoot(client, "46-api-token-created").await;

    let used = reqwest::Client::new()
        .get(app.url("/api/v1/availability?sku=ANY"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(used.status(), StatusCode::OK);

    click(
        client,
        "#tokens form[action$='/revoke'] button[type=submit]",
    )
    .await;
    let question = text_of(client, "dialog.confirm-dialog[open] p").await;
    assert!(question.contains("Storefront"), "{question}");
    click(client, "dialog.confirm-dialog[open] button[value=yes]").await;
    let flash = text_of(client, ".flash").await;
    assert!(flash.contains("revoked"), "{flash}");
    let row = text_of(client, "#tokens tbody tr").await;
    assert!(row.contains("Revoked"), "{row}");
    shoot(client, "47-api-token-revoked").await;
    assert!(
        client.find(Locator::Css("#new-token")).await.is_err(),
        "the token is shown once"
    );
    let refused = reqwest::Client::new()
        .get(app.url("/api/v1/availability?sku=ANY"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}
