//! The JSON API's foundation: tokens made on the owner's page and from the shell, bearer
//! authentication (401/403 as JSON, a session never counts, no cookie ever set), the first
//! endpoints (products with availability, availability by SKU), limits and errors, revoking,
//! and the OpenAPI document with its snapshot; on both databases.

use std::process::{Command, Stdio};

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{Client, Db, TestApp};
use crate::common::{adjust, main_location, reason, tracked_product};
use crate::common::{create, product_fields};

const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/app/snapshots/openapi.json"
);

/// A token made on the API tokens page, as shown once.
async fn token_from_page(owner: &Client, name: &str, scopes: &[&str]) -> String {
    let mut fields = vec![("name", name)];
    fields.extend(scopes.iter().map(|s| ("scope", *s)));
    let page = owner.post("/admin/settings/api-tokens", &fields).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.attr("#new-token", "value")
        .expect("the new token, shown once")
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

async fn call(app: &TestApp, path: &str, token: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new().get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    read(request.send().await.unwrap()).await
}

async fn read(response: reqwest::Response) -> Answer {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    let json = serde_json::from_str(&body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    Answer {
        status,
        headers,
        json,
    }
}

async fn a_token_with_the_scope_reads_products_and_availability(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let shirt = tracked_product(&app, &owner, "API-1").await;
    let received = reason(&app, "received");
    let added = adjust(
        &owner,
        shirt,
        main_location(&app),
        &[("mode", "add"), ("quantity", "5"), ("reason", &received)],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let mut untracked = product_fields("Gift card", "API-GIFT", "25.00");
    untracked.retain(|(k, _)| *k != "v0_track");
    assert_eq!(
        create(&owner, &untracked).await.status,
        StatusCode::SEE_OTHER
    );
    let mut draft = product_fields("Not yet", "API-DRAFT", "9.00");
    draft.retain(|(k, _)| *k != "status");
    draft.push(("status", "draft"));
    assert_eq!(create(&owner, &draft).await.status, StatusCode::SEE_OTHER);

    let token = token_from_page(&owner, "Storefront", &["catalog:read"]).await;
    let listed = owner.get("/admin/settings/api-tokens").await;
    assert!(
        !listed.body.contains(&token),
        "the token is shown once, never again"
    );

    let page = call(&app, "/api/v1/products", Some(&token)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.json);
    assert!(page.headers.get("set-cookie").is_none(), "no cookie, ever");
    let items = page.json["items"].as_array().unwrap();
    let skus: Vec<&str> = items
        .iter()
        .flat_map(|p| p["variants"].as_array().unwrap())
        .map(|v| v["sku"].as_str().unwrap())
        .collect();
    assert!(
        skus.contains(&"API-1") && skus.contains(&"API-GIFT"),
        "{skus:?}"
    );
    assert!(!skus.contains(&"API-DRAFT"), "drafts are not for sale");
    let shirt_json = items
        .iter()
        .flat_map(|p| p["variants"].as_array().unwrap())
        .find(|v| v["sku"] == "API-1")
        .unwrap();
    assert_eq!(shirt_json["available"], 5);
    assert_eq!(shirt_json["tracked"], true);
    assert!(shirt_json["price"].as_str().unwrap().contains('.'));

    // One product a page: `next` leads on, and the last page has none.
    let first = call(&app, "/api/v1/products?limit=1", Some(&token)).await;
    assert_eq!(first.json["items"].as_array().unwrap().len(), 1);
    let next = first.json["next"].as_str().unwrap().to_owned();
    let second = call(
        &app,
        &format!("/api/v1/products?limit=1&after={next}"),
        Some(&token),
    )
    .await;
    assert_eq!(second.json["items"].as_array().unwrap().len(), 1);
    assert_ne!(second.json["items"][0]["id"], first.json["items"][0]["id"]);
    assert!(second.json["next"].is_null(), "{}", second.json);

    let bad = call(&app, "/api/v1/products?limit=1000&after=x", Some(&token)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.json["error"], "invalid");
    assert!(bad.json["fields"]["limit"].is_string() && bad.json["fields"]["after"].is_string());

    let stock = call(
        &app,
        "/api/v1/availability?sku=api-1&sku=API-GIFT&sku=NOPE",
        Some(&token),
    )
    .await;
    assert_eq!(stock.status, StatusCode::OK);
    let items = stock.json["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(
        (&items[0]["sku"], &items[0]["available"]),
        (&Value::from("api-1"), &Value::from(5))
    );
    assert!(items[1]["available"].is_null() && items[1]["known"] == true);
    assert!(items[2]["available"].is_null() && items[2]["known"] == false);
    let none = call(&app, "/api/v1/availability", Some(&token)).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.json["fields"]["sku"].is_string());
}

async fn no_token_a_wrong_one_or_a_revoked_one_is_refused_as_json(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let orders_only = token_from_page(&owner, "Order tool", &["orders:read"]).await;
    let storefront = token_from_page(&owner, "Storefront", &["catalog:read"]).await;

    let none = call(&app, "/api/v1/products", None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.json["error"], "unauthorized");
    assert_eq!(none.headers["www-authenticate"], "Bearer");
    assert!(none.headers.get("set-cookie").is_none());
    assert_eq!(
        call(&app, "/api/v1/products", Some("brk_not-a-token"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let scoped = call(&app, "/api/v1/products", Some(&orders_only)).await;
    assert_eq!(scoped.status, StatusCode::FORBIDDEN);
    assert!(
        scoped.json["message"]
            .as_str()
            .unwrap()
            .contains("catalog:read")
    );

    // A signed-in session opens no API route: the API takes bearer tokens only.
    let with_session = owner
        .http
        .get(owner.url("/api/v1/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(with_session.status(), StatusCode::UNAUTHORIZED);

    let unknown = call(&app, "/api/v1/nothing-here", Some(&storefront)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["error"], "not_found");

    let huge = reqwest::Client::new()
        .get(app.url("/api/v1/products"))
        .bearer_auth(&storefront)
        .header("Content-Type", "application/json")
        .body(vec![b' '; 300 * 1024])
        .send()
        .await
        .unwrap();
    let huge = read(huge).await;
    assert_eq!(huge.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(huge.json["error"], "too_large");

    // Revoked: the next request is refused, and a second revoke changes nothing.
    assert_eq!(
        call(&app, "/api/v1/products", Some(&storefront))
            .await
            .status,
        StatusCode::OK
    );
    let id: i64 = app.with_db(|c| {
        use backroom::db::schema::api_tokens;
        use diesel::prelude::*;
        api_tokens::table
            .filter(api_tokens::name.eq("Storefront"))
            .select(api_tokens::id)
            .first(c)
            .unwrap()
    });
    let path = format!("/admin/settings/api-tokens/{id}/revoke");
    let asked = owner.post(&path, &[]).await;
    assert_eq!(asked.status, StatusCode::OK, "asks first");
    assert_eq!(
        call(&app, "/api/v1/products", Some(&storefront))
            .await
            .status,
        StatusCode::OK,
        "nothing happens before the confirmation"
    );
    let revoked = owner.post(&path, &[("confirmed", "yes")]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(
        call(&app, "/api/v1/products", Some(&storefront))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let again = owner.post(&path, &[("confirmed", "yes")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(app.audit_count("api_token.created"), 2);
    assert_eq!(app.audit_count("api_token.revoked"), 1);

    let listed = owner.get("/admin/settings/api-tokens").await;
    let rows = listed.texts("#tokens tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("Storefront") && r.contains("Revoked")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Order tool") && !r.contains("Never")),
        "a refused scope still counts as a use: {rows:?}"
    );

    // Managers cannot see or make tokens.
    let (manager, _) = app.staff_member(&owner, "manager").await;
    assert_eq!(
        manager.get("/admin/settings/api-tokens").await.status,
        StatusCode::FORBIDDEN
    );
    let invalid = owner
        .post("/admin/settings/api-tokens", &[("name", "")])
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(invalid.attr("#f-name", "aria-invalid").is_some());
}

async fn the_shell_prints_a_token_once_and_it_works(db: Db) {
    let app = TestApp::spawn(db).await;
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_backroom"))
        .args([
            "api-token",
            "create",
            "--name",
            "Stock sync",
            "--scope",
            "catalog:read",
        ])
        .env("BACKROOM_DATA_DIR", dir.path())
        .env("BACKROOM_DATABASE_URL", &app.database_url)
        .env("BACKROOM_LOG", "warn")
        .env_remove("BACKROOM_SECRET_KEY")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("brk_"), "{token}");
    assert_eq!(
        call(&app, "/api/v1/availability?sku=X", Some(&token))
            .await
            .status,
        StatusCode::OK
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_backroom"))
        .args(["api-token", "create", "--name", "x", "--scope", "root"])
        .env("BACKROOM_DATA_DIR", dir.path())
        .env("BACKROOM_DATABASE_URL", &app.database_url)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not a scope"));
}

/// The document served is the one generated from the code, and it matches the snapshot: a
/// change to the contract is a visible diff (`BACKROOM_UPDATE_SNAPSHOTS=1` writes it anew).
#[test]
fn the_openapi_document_describes_the_api_and_matches_its_snapshot() {
    let document = serde_json::to_value(backroom::startup::api_document()).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    for path in ["/api/v1/products", "/api/v1/availability"] {
        let get = &document["paths"][path]["get"];
        assert!(get.is_object(), "{path} is described");
        assert!(get["responses"]["401"].is_object(), "{path} names its 401");
        assert!(get["security"].is_array());
    }
    assert!(document["components"]["schemas"]["ProductList"].is_object());
    assert!(document["components"]["schemas"]["ErrorBody"].is_object());
    assert_eq!(
        document["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let text = serde_json::to_string_pretty(&document).unwrap() + "\n";
    if std::env::var("BACKROOM_UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(SNAPSHOT, &text).unwrap();
    }
    let snapshot = std::fs::read_to_string(SNAPSHOT)
        .expect("tests/app/snapshots/openapi.json (BACKROOM_UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(
        text, snapshot,
        "the API contract changed: review the diff, then BACKROOM_UPDATE_SNAPSHOTS=1 cargo test"
    );
}

async fn the_openapi_document_is_served_without_a_token(db: Db) {
    let app = TestApp::spawn(db).await;
    let served = call(&app, "/api/v1/openapi.json", None).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(
        served.json,
        serde_json::to_value(backroom::startup::api_document()).unwrap()
    );
}

crate::on_both_databases!(
    a_token_with_the_scope_reads_products_and_availability,
    no_token_a_wrong_one_or_a_revoked_one_is_refused_as_json,
    the_shell_prints_a_token_once_and_it_works,
    the_openapi_document_is_served_without_a_token,
);
