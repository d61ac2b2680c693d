//! CSRF, the route × role matrix, security headers, error bodies and hostile input.

use crate::common::{Client, Db, OWNER_EMAIL, PASSWORD, Page, TestApp};
use backroom::auth::Role;
use backroom::web::routing::Access;
use reqwest::StatusCode;

fn staff_count(app: &TestApp) -> i64 {
    app.with_db(|conn| backroom::staff::count(conn).unwrap())
}

fn new_staff_fields(email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Eve".into()),
        ("email", email.into()),
        ("role", "owner".into()),
        ("password", PASSWORD.into()),
        ("password_confirmation", PASSWORD.into()),
    ]
}

async fn post(
    client: &Client,
    path: &str,
    fields: &[(&str, String)],
    headers: &[(&str, &str)],
) -> Page {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut request = client
        .http
        .post(client.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Client::read(request.send().await.unwrap()).await
}

async fn state_changing_requests_without_a_valid_token_or_from_another_site_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let token = owner.admin_token().await;
    let before = staff_count(&app);
    let origin = owner.base.clone();
    type Case<'a> = (&'a str, Vec<(&'a str, String)>, Vec<(&'a str, &'a str)>);
    let cases: Vec<Case> = vec![
        (
            "missing token",
            new_staff_fields("a@shop.test"),
            vec![("Origin", &origin)],
        ),
        (
            "wrong token",
            [
                new_staff_fields("b@shop.test"),
                vec![("csrf_token", "x".repeat(43))],
            ]
            .concat(),
            vec![("Origin", &origin)],
        ),
        (
            "foreign origin",
            [
                new_staff_fields("c@shop.test"),
                vec![("csrf_token", token.clone())],
            ]
            .concat(),
            vec![("Origin", "https://evil.example")],
        ),
        (
            "cross-site fetch",
            [
                new_staff_fields("d@shop.test"),
                vec![("csrf_token", token.clone())],
            ]
            .concat(),
            vec![("Sec-Fetch-Site", "cross-site")],
        ),
        (
            "null origin",
            [
                new_staff_fields("e@shop.test"),
                vec![("csrf_token", token.clone())],
            ]
            .concat(),
            vec![("Origin", "null")],
        ),
    ];
    for (what, fields, headers) in cases {
        let response = post(&owner, "/admin/staff", &fields, &headers).await;
        // A token of the right shape from this site that no longer matches is a page from an
        // ended session: refused all the same, with a message that says so.
        let (status, says) = if what == "wrong token" {
            (StatusCode::UNAUTHORIZED, "Your session has ended")
        } else {
            (
                StatusCode::FORBIDDEN,
                "expired or was sent from another site",
            )
        };
        assert_eq!(response.status, status, "{what}");
        assert!(response.body.contains(says), "{what}: {}", response.body);
    }
    // A wrong header token is refused too, even with a right one in the body.
    let mixed = post(
        &owner,
        "/admin/staff",
        &[
            new_staff_fields("f@shop.test"),
            vec![("csrf_token", token.clone())],
        ]
        .concat(),
        &[("X-CSRF-Token", "nope")],
    )
    .await;
    assert_eq!(mixed.status, StatusCode::FORBIDDEN);
    assert_eq!(staff_count(&app), before, "nothing was created");

    // The same request with the token and our origin goes through.
    let ok = post(
        &owner,
        "/admin/staff",
        &[
            new_staff_fields("g@shop.test"),
            vec![("csrf_token", token.clone())],
        ]
        .concat(),
        &[("Origin", &origin), ("Sec-Fetch-Site", "same-origin")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    // htmx sends the token as a header.
    let via_header = post(
        &owner,
        "/admin/staff",
        &new_staff_fields("h@shop.test"),
        &[("X-CSRF-Token", &token), ("HX-Request", "true")],
    )
    .await;
    assert_eq!(via_header.status, StatusCode::OK);
    assert_eq!(
        via_header.header("hx-redirect").as_deref(),
        Some("/admin/staff")
    );
    assert_eq!(staff_count(&app), before + 2);
}

async fn sign_in_needs_the_token_from_the_sign_in_page(db: Db) {
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let attacker = app.client();
    let forged = post(
        &attacker,
        "/login",
        &[("email", OWNER_EMAIL.into()), ("password", PASSWORD.into())],
        &[],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A token from another visitor's cookie does not fit this visitor's cookie.
    let other = app.client();
    let other_token = other.get("/login").await.csrf_token();
    attacker.get("/login").await;
    let stolen = post(
        &attacker,
        "/login",
        &[
            ("email", OWNER_EMAIL.into()),
            ("password", PASSWORD.into()),
            ("csrf_token", other_token),
        ],
        &[],
    )
    .await;
    assert_eq!(stolen.status, StatusCode::FORBIDDEN);
}

/// Fills a route pattern with values that exist in the test shop.
fn concrete(path: &str, staff_id: i64) -> String {
    path.replace("{id}", &staff_id.to_string())
        .replace("{token}", "not-a-token")
        .replace("{path:.*}", "css/app.css")
}

async fn every_route_declares_its_access_and_no_role_gets_more_than_it_may(db: Db) {
    let routes = backroom::startup::route_table();
    let public = [
        "/",
        "/healthz",
        "/static/{path:.*}",
        "/favicon.ico",
        "/login",
        "/setup/{token}",
        "/api/v1/openapi.json",
    ];
    for route in &routes {
        if route.path.starts_with("/api/") && route.path != "/api/v1/openapi.json" {
            assert!(
                matches!(route.access, Access::Token(_)),
                "{} {} must take a bearer token",
                route.method,
                route.path
            );
        } else if route.path.starts_with("/admin") || route.path == "/logout" {
            assert_ne!(
                route.access,
                Access::Public,
                "{} {} must require sign-in",
                route.method,
                route.path
            );
        } else {
            assert!(
                public.contains(&route.path),
                "unexpected public route {} {}",
                route.method,
                route.path
            );
        }
    }

    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut clients: Vec<(Option<Role>, Client)> = vec![(None, app.client())];
    for role in [Role::Manager, Role::Clerk, Role::Viewer] {
        clients.push((Some(role), app.staff_member(&owner, role.as_str()).await.0));
    }
    clients.push((Some(Role::Owner), owner));
    let target_id = app.with_db(|conn| {
        backroom::staff::find_by_email_key(conn, OWNER_EMAIL)
            .unwrap()
            .unwrap()
            .id
    });

    let mut unauthorized_successes = Vec::new();
    for (role, client) in &clients {
        let token = match role {
            Some(_) => client.admin_token().await,
            None => client.get("/login").await.csrf_token(),
        };
        // Sign-out last: it ends the session the other requests need.
        let mut ordered: Vec<_> = routes.iter().collect();
        ordered.sort_by_key(|r| r.path == "/logout");
        for route in ordered {
            let path = concrete(route.path, target_id.get());
            let allowed = match route.access {
                Access::Public => true,
                Access::SignedIn => role.is_some(),
                Access::Allowed(permission) => role.is_some_and(|r| r.can(permission)),
                // The API takes bearer tokens only: a session never opens it.
                Access::Token(_) => false,
            };
            for htmx in [false, true] {
                let mut request = if route.method == actix_web::http::Method::GET {
                    client.http.get(client.url(&path))
                } else {
                    // Valid token, empty form: checks access without changing anything real.
                    client
                        .http
                        .post(client.url(&path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", &client.base)
                        .body(format!("csrf_token={token}"))
                };
                if htmx {
                    request = request.header("HX-Request", "true");
                }
                let response = Client::read(request.send().await.unwrap()).await;
                assert!(
                    response.status.as_u16() < 500,
                    "{} {path} as {role:?}: {}",
                    route.method,
                    response.status
                );
                if !allowed {
                    let refused = response.status == StatusCode::FORBIDDEN
                        || response.status == StatusCode::UNAUTHORIZED
                        || response.is_sign_in_redirect()
                        || response
                            .header("hx-redirect")
                            .is_some_and(|l| l.starts_with("/login"));
                    if !refused {
                        unauthorized_successes.push(format!(
                            "{} {path} as {role:?} (htmx: {htmx}): {}",
                            route.method, response.status
                        ));
                    }
                } else if route.access != Access::Public {
                    assert_ne!(
                        response.status,
                        StatusCode::FORBIDDEN,
                        "{} {path} as {role:?} was refused",
                        route.method
                    );
                    if route.path != "/logout" {
                        assert!(
                            !response.is_sign_in_redirect(),
                            "{} {path} as {role:?} bounced to sign-in",
                            route.method
                        );
                    }
                }
                if route.path == "/logout" && allowed {
                    break;
                }
            }
        }
    }
    assert!(
        unauthorized_successes.is_empty(),
        "unauthorized successes: {unauthorized_successes:#?}"
    );
}

async fn the_navigation_shows_only_what_the_role_may_open(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    assert_eq!(
        owner.get("/admin").await.texts(".sidebar a"),
        vec![
            "Dashboard",
            "Products",
            "Categories",
            "Inventory",
            "Customers",
            "Staff",
            "Audit log",
            "Settings"
        ]
    );
    let (manager, _) = app.staff_member(&owner, "manager").await;
    assert_eq!(
        manager.get("/admin").await.texts(".sidebar a"),
        vec![
            "Dashboard",
            "Products",
            "Categories",
            "Inventory",
            "Customers",
            "Audit log"
        ]
    );
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    assert_eq!(
        viewer.get("/admin").await.texts(".sidebar a"),
        vec![
            "Dashboard",
            "Products",
            "Categories",
            "Inventory",
            "Customers"
        ]
    );
    assert_eq!(
        viewer.get("/admin/staff").await.status,
        StatusCode::FORBIDDEN
    );
}

fn assert_security_headers(page: &Page, what: &str) {
    let csp = page
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: no CSP"));
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{what}: {csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{what}");
    assert_eq!(
        page.header("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(
        page.header("x-frame-options").as_deref(),
        Some("DENY"),
        "{what}"
    );
    assert!(page.header("referrer-policy").is_some(), "{what}");
    assert!(
        page.header("server").is_none(),
        "{what}: Server header present"
    );
}

async fn every_kind_of_response_carries_the_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let anonymous = app.client();
    let token = owner.admin_token().await;
    let big = "x".repeat(70 * 1024);
    let responses = vec![
        ("page", owner.get("/admin").await),
        ("htmx fragment", owner.get_htmx("/admin/audit").await),
        ("sign-in page", anonymous.get("/login").await),
        ("redirect", anonymous.get("/admin").await),
        ("404", owner.get("/admin/nothing-here").await),
        ("anonymous 404", anonymous.get("/nothing-here").await),
        (
            "403",
            post(&anonymous, "/login", &[("email", "x".into())], &[]).await,
        ),
        (
            "413",
            post(
                &owner,
                "/admin/staff",
                &[("name", big.clone()), ("csrf_token", token.clone())],
                &[],
            )
            .await,
        ),
        ("static", anonymous.get("/static/css/app.css").await),
        ("health", anonymous.get("/healthz").await),
        (
            "htmx error toast",
            owner.get_htmx("/admin/staff/999999").await,
        ),
    ];
    for (what, page) in &responses {
        assert_security_headers(page, what);
        if *what != "static" {
            assert_eq!(
                page.header("cache-control").as_deref(),
                Some("no-store"),
                "{what}"
            );
        }
    }
    let statics = &responses.iter().find(|(w, _)| *w == "static").unwrap().1;
    assert!(
        statics
            .header("cache-control")
            .unwrap()
            .contains("max-age=31536000")
    );
    let etag = statics.header("etag").unwrap();
    let revalidated = anonymous
        .http
        .get(anonymous.url("/static/css/app.css"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
    let toast = &responses
        .iter()
        .find(|(w, _)| *w == "htmx error toast")
        .unwrap()
        .1;
    assert_eq!(toast.status, StatusCode::NOT_FOUND);
    assert_eq!(toast.header("hx-retarget").as_deref(), Some("#toasts"));
    assert_eq!(toast.count(".toast"), 1);
}

const INTERNALS: [&str; 10] = [
    "panicked",
    "diesel",
    "serde",
    "SQL",
    "sqlite",
    "postgres",
    "Deserialize",
    "src/",
    "RUST_BACKTRACE",
    "Error {",
];

async fn errors_render_in_the_layout_without_internals(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let token = owner.admin_token().await;
    let checks = vec![
        (
            "unknown page",
            owner.get("/admin/nope").await,
            StatusCode::NOT_FOUND,
        ),
        (
            "unknown staff id",
            owner.get("/admin/staff/12345678").await,
            StatusCode::NOT_FOUND,
        ),
        (
            "non-numeric id",
            owner.get("/admin/staff/abc").await,
            StatusCode::NOT_FOUND,
        ),
        (
            "bad query",
            owner.get("/admin/audit?before=1&before=2").await,
            StatusCode::BAD_REQUEST,
        ),
        (
            "bad form encoding",
            post(
                &owner,
                "/admin/staff/1",
                &[("csrf_token", token.clone()), ("version", "%%%".into())],
                &[],
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (what, page, status) in checks {
        assert_eq!(page.status, status, "{what}: {}", page.body);
        for internal in INTERNALS {
            assert!(
                !page.body.contains(internal),
                "{what} leaks {internal}: {}",
                page.body
            );
        }
        assert_eq!(
            page.header("content-type").as_deref(),
            Some("text/html; charset=utf-8"),
            "{what}"
        );
        assert_eq!(
            page.count(".sidebar"),
            1,
            "{what}: error shown inside the admin layout"
        );
        let reference = page.header("x-request-id").unwrap();
        if status.as_u16() != 422 {
            assert_eq!(
                page.texts(".error-page code"),
                vec![reference],
                "{what}: request id on the page"
            );
        }
        // A sentence and a way on, not a bare status code.
        assert_eq!(page.count(".error-code"), 0, "{what}");
        if status.as_u16() != 422 {
            assert_eq!(page.count(".error-page h1"), 1, "{what}");
        }
    }
    // "Go back" returns to the page the person came from (when it is one of ours).
    let from = owner.url("/admin/products?q=mug");
    let response = owner
        .http
        .get(owner.url("/admin/products/99999"))
        .header("Referer", &from)
        .send()
        .await
        .unwrap();
    let page = Client::read(response).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(
        page.texts(".error-page p"),
        [
            "We couldn't find that page. It may have been removed, or the link is wrong.",
            "Go back Dashboard",
            format!(
                "Error 404 · reference {}, if you contact support",
                page.header("x-request-id").unwrap()
            )
            .as_str(),
        ]
    );
    assert_eq!(
        page.attr(".error-page a", "href").as_deref(),
        Some("/admin/products?q=mug")
    );
    let foreign = owner
        .http
        .get(owner.url("/admin/products/99999"))
        .header("Referer", "https://elsewhere.example/page")
        .send()
        .await
        .unwrap();
    let page = Client::read(foreign).await;
    assert_eq!(page.texts(".error-page a"), ["Dashboard"]);
}

async fn malformed_and_oversized_forms_get_a_clear_4xx_and_change_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let token = owner.admin_token().await;
    let before = staff_count(&app);
    let huge = "y".repeat(200 * 1024);
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("empty", vec![("csrf_token", token.clone())]),
        (
            "huge field",
            vec![("csrf_token", token.clone()), ("name", huge)],
        ),
        (
            "wrong type",
            vec![
                ("csrf_token", token.clone()),
                ("name", "A".into()),
                ("email", "a@b.co".into()),
                ("role", "42".into()),
                ("password", "[]".into()),
            ],
        ),
        (
            "extra fields",
            [
                new_staff_fields("not-an-email"),
                vec![("csrf_token", token.clone()), ("is_admin", "true".into())],
            ]
            .concat(),
        ),
        (
            "control characters",
            [
                new_staff_fields("ok@shop.test"),
                vec![
                    ("csrf_token", token.clone()),
                    ("name", "Bad\u{0}Name".into()),
                ],
            ]
            .concat(),
        ),
    ];
    for (what, fields) in cases {
        let page = post(&owner, "/admin/staff", &fields, &[("Origin", &owner.base)]).await;
        assert!(page.status.is_client_error(), "{what}: {}", page.status);
        for internal in INTERNALS {
            assert!(!page.body.contains(internal), "{what} leaks {internal}");
        }
    }
    // Invalid UTF-8 in the body.
    let raw = owner
        .http
        .post(owner.url("/admin/staff"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-CSRF-Token", &token)
        .body(b"name=%FF%FE&email=\xff\xfe".to_vec())
        .send()
        .await
        .unwrap();
    assert!(raw.status().is_client_error(), "{}", raw.status());
    // A body announced as larger than the limit is refused before it is read.
    let oversized = owner
        .http
        .post(owner.url("/admin/staff"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-CSRF-Token", &token)
        .body(vec![b'a'; 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(oversized.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(staff_count(&app), before);
}

async fn script_in_a_name_is_shown_as_text_everywhere(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let payload = r#"<script>alert("x")</script><img src=x onerror=alert(1)>"#;
    let form = owner.get("/admin/staff/new").await;
    let created = owner
        .post_form(
            "/admin/staff",
            &form,
            &[
                ("name", payload),
                ("email", "xss@shop.test"),
                ("role", "clerk"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let client = app.client();
    client
        .sign_in("xss@shop.test", PASSWORD)
        .await
        .assert_redirect_to("/admin");
    for (who, path) in [
        (&owner, "/admin/staff"),
        (&owner, "/admin/audit"),
        (&owner, "/admin"),
        (&client, "/admin"),
        (&client, "/admin/account"),
    ] {
        let page = who.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(
            page.count("body script:not([src])"),
            0,
            "{path}: inline script parsed"
        );
        assert_eq!(page.count("img[onerror]"), 0, "{path}: markup parsed");
    }
    // The flash message and the staff list show it as text.
    assert!(
        owner
            .get("/admin/staff")
            .await
            .texts("td a")
            .iter()
            .any(|t| t.contains("<script>"))
    );
}

async fn unknown_hosts_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let response = app
        .client()
        .http
        .get(app.url("/login"))
        .header("Host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

/// Uptime checks and proxies send HEAD: every GET route answers it like GET, without a body.
async fn a_head_request_answers_every_get_route_without_a_body(db: Db) {
    let app = TestApp::spawn(db).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (path, status) in [
        ("/healthz", StatusCode::OK),
        ("/login", StatusCode::OK),
        ("/static/css/app.css", StatusCode::OK),
        ("/admin/products", StatusCode::SEE_OTHER),
    ] {
        let get = client.get(app.url(path)).send().await.unwrap();
        let head = client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), status, "HEAD {path}");
        assert_eq!(get.status(), status, "GET {path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        assert!(
            head.bytes().await.unwrap().is_empty(),
            "HEAD {path} sent a body"
        );
    }
    let post_only = client.head(app.url("/logout")).send().await.unwrap();
    assert_eq!(post_only.status(), StatusCode::NOT_FOUND);
}

/// Every page names the shop's icon, and the icon is served (no 404 in every browser tab).
async fn every_page_links_a_favicon_that_is_served(db: Db) {
    let app = TestApp::spawn(db).await;
    let visitor = app.client();
    let owner = app.owner().await;
    for (client, path) in [
        (&visitor, "/login"),
        (&owner, "/admin"),
        (&owner, "/admin/products"),
    ] {
        let page = client.get(path).await;
        let icon = page.attr("link[rel=icon]", "href").expect(path);
        let served = client.get(&icon).await;
        assert_eq!(served.status, StatusCode::OK, "{icon}");
        assert_eq!(
            served.header("content-type").as_deref(),
            Some("image/svg+xml")
        );
    }
    // Pages go out gzipped to a browser that accepts it, and plain to one that does not.
    let zipped = owner
        .http
        .get(owner.url("/admin/products"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        zipped
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let plain = owner.get("/admin/products").await;
    assert_eq!(plain.header("content-encoding"), None);
    // Asked for by browsers and tools whatever the page links: it leads to the same icon.
    let ico = visitor.get("/favicon.ico").await;
    assert_eq!(ico.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(ico.location().as_deref(), Some("/static/favicon.svg"));
}

crate::on_both_databases!(
    every_page_links_a_favicon_that_is_served,
    a_head_request_answers_every_get_route_without_a_body,
    state_changing_requests_without_a_valid_token_or_from_another_site_are_refused,
    sign_in_needs_the_token_from_the_sign_in_page,
    every_route_declares_its_access_and_no_role_gets_more_than_it_may,
    the_navigation_shows_only_what_the_role_may_open,
    every_kind_of_response_carries_the_security_headers,
    errors_render_in_the_layout_without_internals,
    malformed_and_oversized_forms_get_a_clear_4xx_and_change_nothing,
    script_in_a_name_is_shown_as_text_everywhere,
    unknown_hosts_are_refused,
    forged_forwarded_addresses_neither_escape_throttling_nor_reach_the_audit_log,
    under_https_every_cookie_is_secure_and_hsts_is_sent,
    a_flash_message_cannot_inject_cookie_attributes,
    multipart_requests_have_a_total_size_limit,
);

/// Behind a trusted proxy, the client's address is the one the proxy appended (the rightmost
/// X-Forwarded-For entry): addresses a client forges to its left, and a `Forwarded` header it
/// sends, change nothing. 25 failed sign-ins with a new forged address each are throttled
/// after 20, and the audit log records the real address.
async fn forged_forwarded_addresses_neither_escape_throttling_nor_reach_the_audit_log(db: Db) {
    let app = TestApp::spawn_with(db, |args| args.trust_proxy = true).await;
    app.owner().await;
    let client = app.client();
    let mut statuses = Vec::new();
    for i in 0..25 {
        let token = client.get("/login").await.csrf_token();
        let body = serde_urlencoded::to_string([
            ("email", format!("person{i}@shop.test")),
            ("password", "wrong password entirely".into()),
            ("csrf_token", token),
        ])
        .unwrap();
        let response = client
            .http
            .post(client.url("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "X-Forwarded-For",
                format!("10.9.{i}.1, 172.16.{i}.2, 203.0.113.9"),
            )
            .header("Forwarded", format!("for=10.8.{i}.1"))
            .body(body)
            .send()
            .await
            .unwrap();
        statuses.push(response.status());
    }
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(throttled, 5, "{statuses:?}");
    let addresses: Vec<Option<String>> = app.with_db(|conn| {
        use backroom::db::schema::audit_log;
        use diesel::prelude::*;
        audit_log::table
            .filter(audit_log::action.eq("staff.sign_in_failed"))
            .select(audit_log::ip)
            .load(conn)
            .unwrap()
    });
    assert!(!addresses.is_empty());
    assert!(
        addresses
            .iter()
            .all(|ip| ip.as_deref() == Some("203.0.113.9")),
        "{addresses:?}"
    );
}

/// Under an https public URL every cookie is `Secure` (the session's, and the pre-sign-in
/// CSRF cookie) and browsers are told to keep to https; under http neither.
async fn under_https_every_cookie_is_secure_and_hsts_is_sent(db: Db) {
    let app = TestApp::spawn_with(db, |args| {
        args.public_url = Some("https://admin.shop.example".into())
    })
    .await;
    let client = app.client();
    let login = client.get("/login").await;
    let cookies: Vec<String> = login
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    assert!(!cookies.is_empty());
    for cookie in &cookies {
        assert!(cookie.to_ascii_lowercase().contains("; secure"), "{cookie}");
    }
    assert_eq!(
        login.headers["strict-transport-security"],
        "max-age=31536000"
    );
    let plain = TestApp::spawn(db).await.client().get("/login").await;
    assert!(plain.headers.get("strict-transport-security").is_none());
    for cookie in plain.headers.get_all("set-cookie") {
        assert!(
            !cookie
                .to_str()
                .unwrap()
                .to_ascii_lowercase()
                .contains("secure")
        );
    }
}

/// A flash message names a product; a `;` in its title must not end the cookie's value and
/// add attributes (`Domain=…`) of its own. The message still reads as it was written.
async fn a_flash_message_cannot_inject_cookie_attributes(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let title = "Shirt; Domain=evil.example; Max-Age=99999";
    let file = format!(
        "{}\nshirt,\"{title}\",,draft,,,,,,,,,,,,,SHIRT-1,,5.00,,,,true,false\n",
        crate::common::HEADER
    );
    let dry = crate::common::upload(&owner, &file).await;
    crate::common::apply(&owner, &dry).await;
    let list = owner.get("/admin/products?q=SHIRT-1").await;
    let id = list.attr("input[name=ids]", "value").unwrap();
    let page = owner.get(&format!("/admin/products/{id}/delete")).await;
    let archived = owner
        .post_form(
            &format!("/admin/products/{id}/delete"),
            &page,
            &[("confirmed", "yes")],
        )
        .await;
    let cookies: Vec<String> = archived
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let flash = cookies
        .iter()
        .find(|c| c.starts_with("backroom_flash="))
        .expect("a flash cookie");
    assert!(
        !flash.contains("evil.example") && !flash.contains("99999"),
        "{flash}"
    );
    let next = owner.get(&archived.location().unwrap()).await;
    assert!(
        next.texts(".flash-success")[0].contains(title),
        "{:?}",
        next.texts(".flash")
    );
}

/// Every multipart request has a total size: extra parts (here 12 MB of them beside a small
/// file) end the upload with "too large" instead of being read on without end.
async fn multipart_requests_have_a_total_size_limit(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let file = format!(
        "{}\nx,X,,,,,,,,,,,,,,,X-1,,1.00,,,,true,false\n",
        crate::common::HEADER
    );
    let dry = crate::common::upload(&owner, &file).await;
    crate::common::apply(&owner, &dry).await;
    let product = owner
        .get("/admin/products?q=X-1")
        .await
        .attr("input[name=ids]", "value")
        .unwrap();
    let padded = |form: reqwest::multipart::Form, parts: usize| {
        (0..parts).fold(form, |form, i| {
            form.part(
                format!("extra{i}"),
                reqwest::multipart::Part::bytes(vec![b'x'; 1024 * 1024]),
            )
        })
    };
    let token = owner.admin_token().await;
    let image = reqwest::multipart::Form::new()
        .text("csrf_token", token.clone())
        .part(
            "file",
            reqwest::multipart::Part::bytes(crate::common::png(20, 20)).file_name("a.png"),
        );
    let response = owner
        .http
        .post(owner.url(&format!("/admin/products/{product}/images")))
        .header("Origin", &owner.base)
        .multipart(padded(image, 12))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("upload_error=too_large"), "{location}");
    assert_eq!(
        owner
            .get(&format!("/admin/products/{product}"))
            .await
            .count("#images img"),
        0
    );

    let csv = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::bytes(file.into_bytes()).file_name("p.csv"),
        );
    let response = owner
        .http
        .post(owner.url("/admin/products/import"))
        .header("Origin", &owner.base)
        .multipart(padded(csv, 21))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
