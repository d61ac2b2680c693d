//! Setup link, sign-in and sign-out, sessions and throttling, on the real app.

use crate::common::{Db, OTHER_PASSWORD, OWNER_EMAIL, PASSWORD, TestApp};
use reqwest::StatusCode;

async fn the_setup_link_creates_the_owner_and_works_only_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.setup_token.clone().unwrap();
    let owner = app.owner().await;
    let dashboard = owner.get("/admin").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert_eq!(dashboard.texts("h1"), vec!["Dashboard"]);
    assert_eq!(dashboard.texts(".brand-name"), vec!["Test Shop"]);
    assert_eq!(
        dashboard.texts(".flash-success").len(),
        1,
        "welcome message shown once"
    );
    assert_eq!(
        owner.get("/admin").await.count(".flash-success"),
        0,
        "flash is gone on the next page"
    );

    // The link is spent: both the form and a replayed submission are refused.
    let again = app.client().get(&format!("/setup/{token}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.body.contains("already been used"));
    let stranger = app.client();
    let login = stranger.get("/login").await;
    let replay = stranger
        .post_form(
            &format!("/setup/{token}"),
            &login,
            &[
                ("shop_name", "Evil"),
                ("name", "Mallory"),
                ("email", "mallory@evil.test"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(replay.status, StatusCode::NOT_FOUND);
    assert_eq!(app.audit_count("staff.setup"), 1);
    assert!(
        app.client()
            .sign_in("mallory@evil.test", PASSWORD)
            .await
            .status
            .is_client_error()
    );
}

async fn setup_with_bad_input_rerenders_with_messages_and_keeps_values(db: Db) {
    let app = TestApp::spawn(db).await;
    let token = app.setup_token.clone().unwrap();
    let client = app.client();
    let page = client.get(&format!("/setup/{token}")).await;
    // "My shop" is the shop name's placeholder, not its value: typing does not append to it.
    assert_eq!(page.attr("#f-shop_name", "value").as_deref(), Some(""));
    assert_eq!(
        page.attr("#f-shop_name", "placeholder").as_deref(),
        Some("My shop")
    );
    let response = client
        .post_form(
            &format!("/setup/{token}"),
            &page,
            &[
                ("shop_name", "Corner Shop"),
                ("name", ""),
                ("email", "not-an-email"),
                ("password", "password1234"),
                ("password_confirmation", "password1234"),
            ],
        )
        .await;
    assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.attr("#f-shop_name", "value").as_deref(),
        Some("Corner Shop")
    );
    assert_eq!(
        response.attr("#f-email", "value").as_deref(),
        Some("not-an-email")
    );
    assert_eq!(
        response.attr("#f-email", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(response.count("#f-name-error"), 1);
    assert_eq!(response.count("#f-password-error"), 1);
    assert_eq!(
        response.attr("#f-password", "value").as_deref(),
        Some(""),
        "passwords are never echoed"
    );
    // Nothing was created and the link still works.
    assert_eq!(
        client.get(&format!("/setup/{token}")).await.status,
        StatusCode::OK
    );
}

async fn signing_in_and_out_works_and_a_replayed_cookie_is_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let client = app.client();
    // Protected pages send strangers to sign in, remembering where they were going.
    let bounced = client.get("/admin/staff?x=1").await;
    assert!(bounced.is_sign_in_redirect());
    assert_eq!(
        bounced.location().as_deref(),
        Some("/login?next=%2Fadmin%2Fstaff%3Fx%3D1")
    );

    let page = client.get("/login?next=/admin/staff").await;
    let signed_in = client
        .post_form(
            "/login",
            &page,
            &[
                ("email", "OWNER@shop.test"),
                ("password", PASSWORD),
                ("next", "/admin/staff"),
            ],
        )
        .await;
    signed_in.assert_redirect_to("/admin/staff");
    assert_eq!(client.get("/admin/staff").await.status, StatusCode::OK);
    let stolen_cookies = client.cookie_header();

    let token = client.admin_token().await;
    let signed_out = client.post_raw("/logout", &[("csrf_token", &token)]).await;
    signed_out.assert_redirect_to("/login");
    assert!(client.get("/admin").await.is_sign_in_redirect());

    // The old cookie, replayed by someone who copied it, is worthless: the session row is gone.
    let replayed = app
        .client()
        .http
        .get(app.url("/admin"))
        .header("Cookie", stolen_cookies)
        .send()
        .await
        .unwrap();
    assert_eq!(replayed.status(), StatusCode::SEE_OTHER);
    assert!(
        replayed.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );

    assert_eq!(app.audit_count("staff.sign_in"), 1);
    assert_eq!(app.audit_count("staff.sign_out"), 1);
}

async fn sign_in_issues_a_new_session_and_refuses_foreign_next_urls(db: Db) {
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let client = app.client();
    let page = client.get("/login").await;
    let before = client.cookie_header();
    let response = client
        .post_form(
            "/login",
            &page,
            &[
                ("email", OWNER_EMAIL),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    response.assert_redirect_to("/admin");
    let after = client.cookie_header();
    assert!(after.contains("backroom_session="));
    assert_ne!(before, after);
    let set_cookie = response
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    let session_cookie = set_cookie
        .iter()
        .find(|c| c.starts_with("backroom_session="))
        .unwrap();
    assert!(session_cookie.contains("HttpOnly"));
    assert!(session_cookie.contains("SameSite=Lax"));
}

async fn wrong_passwords_unknown_accounts_and_deactivated_accounts_get_the_same_answer(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (_, clerk_email) = app.staff_member(&owner, "clerk").await;
    // Deactivate the clerk.
    let list = owner.get("/admin/staff").await;
    let link = list
        .html()
        .select(&scraper::Selector::parse("td a").unwrap())
        .find(|a| a.text().collect::<String>().contains("clerk"))
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    let edit = owner.get(&link).await;
    let version = edit.attr("input[name=version]", "value").unwrap();
    let saved = owner
        .post_form(
            &link,
            &edit,
            &[
                ("name", "Test clerk"),
                ("role", "clerk"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let wrong = app
        .client()
        .sign_in(OWNER_EMAIL, "not the password at all")
        .await;
    let unknown = app
        .client()
        .sign_in("nobody@shop.test", "not the password at all")
        .await;
    let deactivated = app.client().sign_in(&clerk_email, PASSWORD).await;
    for page in [&wrong, &unknown, &deactivated] {
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            page.texts("#sign-in-error"),
            vec!["The email or password is incorrect."]
        );
    }
    assert_eq!(app.audit_count("staff.sign_in_failed"), 3);
}

async fn an_account_is_throttled_after_ten_failures_in_fifteen_minutes(db: Db) {
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let client = app.client();
    for _ in 0..10 {
        assert_eq!(
            client
                .sign_in(OWNER_EMAIL, "wrong password entirely")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    // Even the right password is refused now, and an unknown account answers identically.
    let known = client.sign_in(OWNER_EMAIL, PASSWORD).await;
    assert_eq!(known.status, StatusCode::TOO_MANY_REQUESTS);
    let unknown_client = app.client();
    for _ in 0..10 {
        unknown_client
            .sign_in("ghost@shop.test", "wrong password entirely")
            .await;
    }
    let unknown = unknown_client.sign_in("ghost@shop.test", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        known.texts("#sign-in-error"),
        unknown.texts("#sign-in-error")
    );
    assert!(client.get("/admin").await.is_sign_in_redirect());
}

/// Someone who knows the owner's email fails ten times: the account is locked for browsers
/// without its device cookie (theirs, and any new one), but the owner's own browser, which has
/// signed in before, still signs in. A known browser that fails ten times itself waits too.
async fn a_known_browser_keeps_signing_in_while_others_are_locked_out(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let signed_in_page = owner.get("/admin").await;
    let sign_out = owner.post_form("/logout", &signed_in_page, &[]).await;
    assert!(sign_out.status.is_redirection());
    // Signing in gives this browser the account's device cookie.
    owner
        .sign_in(OWNER_EMAIL, PASSWORD)
        .await
        .assert_redirect_to("/admin");
    let page = owner.get("/admin").await;
    owner.post_form("/logout", &page, &[]).await;
    let attacker = app.client();
    for _ in 0..10 {
        attacker
            .sign_in(OWNER_EMAIL, "wrong password entirely")
            .await;
    }
    assert_eq!(
        attacker.sign_in(OWNER_EMAIL, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        app.client().sign_in(OWNER_EMAIL, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a browser never signed in is locked out too"
    );
    owner
        .sign_in(OWNER_EMAIL, PASSWORD)
        .await
        .assert_redirect_to("/admin");
    assert_eq!(owner.get("/admin").await.status, StatusCode::OK);

    // The known browser's own failures count against it.
    let page = owner.get("/admin").await;
    owner.post_form("/logout", &page, &[]).await;
    for _ in 0..10 {
        assert_eq!(
            owner
                .sign_in(OWNER_EMAIL, "wrong password entirely")
                .await
                .status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
    }
    assert_eq!(
        owner.sign_in(OWNER_EMAIL, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn one_address_is_throttled_after_twenty_failures_in_a_minute(db: Db) {
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let client = app.client();
    for i in 0..20 {
        let page = client
            .sign_in(&format!("person{i}@shop.test"), "wrong password entirely")
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(
        client.sign_in(OWNER_EMAIL, PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

async fn changing_the_password_ends_the_other_sessions(db: Db) {
    let app = TestApp::spawn(db).await;
    let laptop = app.owner().await;
    let phone = app.client();
    phone
        .sign_in(OWNER_EMAIL, PASSWORD)
        .await
        .assert_redirect_to("/admin");
    assert_eq!(phone.get("/admin").await.status, StatusCode::OK);

    let account = laptop.get("/admin/account").await;
    let wrong = laptop
        .post_form(
            "/admin/account/password",
            &account,
            &[
                ("current_password", "not my password"),
                ("password", OTHER_PASSWORD),
                ("password_confirmation", OTHER_PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("#f-current_password-error"), 1);
    assert_eq!(
        phone.get("/admin").await.status,
        StatusCode::OK,
        "a refused change ends nothing"
    );

    let changed = laptop
        .post_form(
            "/admin/account/password",
            &account,
            &[
                ("current_password", PASSWORD),
                ("password", OTHER_PASSWORD),
                ("password_confirmation", OTHER_PASSWORD),
            ],
        )
        .await;
    changed.assert_redirect_to("/admin/account");
    assert_eq!(
        laptop.get("/admin/account").await.status,
        StatusCode::OK,
        "the changing session goes on"
    );
    assert!(
        phone.get("/admin").await.is_sign_in_redirect(),
        "the other session is over"
    );
    assert_eq!(
        app.client().sign_in(OWNER_EMAIL, PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    app.client()
        .sign_in(OWNER_EMAIL, OTHER_PASSWORD)
        .await
        .assert_redirect_to("/admin");
    assert_eq!(app.audit_count("staff.password_changed"), 1);
}

async fn sessions_end_after_the_idle_timeout(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    assert_eq!(owner.get("/admin").await.status, StatusCode::OK);
    // Age the session in the database, as if the owner had walked away for two hours.
    app.with_db(|conn| {
        use backroom::db::schema::sessions;
        use diesel::prelude::*;
        let past = backroom::db::now() - chrono::Duration::hours(2);
        diesel::update(sessions::table)
            .set(sessions::last_seen_at.eq(past))
            .execute(conn)
            .unwrap();
    });
    assert!(owner.get("/admin").await.is_sign_in_redirect());
}

/// Activity is written at most once a minute, so the last request can be up to a minute
/// newer than the recorded one: a session recorded 60 min 30 s ago (idle timeout 60 min) may
/// have been used 59 min 30 s ago, and must not end yet. Recorded 61 min 30 s ago, it ends.
async fn a_session_used_within_the_idle_window_never_ends_early(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let age = |seconds: i64| {
        app.with_db(move |conn| {
            use backroom::db::schema::sessions;
            use diesel::prelude::*;
            let past = backroom::db::now() - chrono::Duration::seconds(seconds);
            diesel::update(sessions::table)
                .set(sessions::last_seen_at.eq(past))
                .execute(conn)
                .unwrap();
        })
    };
    age(60 * 60 + 30);
    assert_eq!(owner.get("/admin").await.status, StatusCode::OK);
    age(60 * 60 + 90);
    assert!(owner.get("/admin").await.is_sign_in_redirect());
}

async fn sessions_end_after_the_absolute_timeout_even_when_active(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    app.with_db(|conn| {
        use backroom::db::schema::sessions;
        use diesel::prelude::*;
        let past = backroom::db::now() - chrono::Duration::hours(13);
        diesel::update(sessions::table)
            .set(sessions::created_at.eq(past))
            .execute(conn)
            .unwrap();
    });
    assert!(owner.get("/admin").await.is_sign_in_redirect());
}

async fn a_hash_with_old_parameters_is_upgraded_at_sign_in(db: Db) {
    use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
    use backroom::db::schema::staff;
    use diesel::prelude::*;
    let app = TestApp::spawn(db).await;
    app.owner().await;
    let weak = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(8_192, 1, 1, None).unwrap(),
    )
    .hash_password(PASSWORD.as_bytes())
    .unwrap()
    .to_string();
    app.with_db(|conn| {
        diesel::update(staff::table)
            .set(staff::password_hash.eq(&weak))
            .execute(conn)
            .unwrap()
    });
    app.client()
        .sign_in(OWNER_EMAIL, PASSWORD)
        .await
        .assert_redirect_to("/admin");
    let stored: String = app.with_db(|conn| {
        staff::table
            .select(staff::password_hash)
            .first(conn)
            .unwrap()
    });
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );
    app.client()
        .sign_in(OWNER_EMAIL, PASSWORD)
        .await
        .assert_redirect_to("/admin");
}

/// A save from a page whose session has ended is refused with an answer htmx shows over the
/// form (which stays as typed); once signed in again the page fetches the new form token.
async fn a_save_after_the_session_ended_says_so_and_the_new_token_saves_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let form = owner.get("/admin/products/new").await;
    let fields = [
        ("title", "Apron"),
        ("status", "active"),
        ("v0_present", "1"),
        ("v0_price", "9"),
    ];
    let created = owner.post_form("/admin/products", &form, &fields).await;
    let product = created.location().unwrap();
    let page = owner.get(&product).await;
    let stale_token = page.csrf_token();
    let signed_out = owner.get("/admin").await;
    owner.post_form("/logout", &signed_out, &[]).await;

    let body = serde_urlencoded::to_string([
        ("title", "Apron, washed"),
        ("status", "active"),
        ("version", "1"),
        ("csrf_token", stale_token.as_str()),
    ])
    .unwrap();
    let send = |htmx: bool| {
        let mut request = owner
            .http
            .post(owner.url(&product))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", &owner.base)
            .body(body.clone());
        if htmx {
            request = request
                .header("HX-Request", "true")
                .header("HX-Current-URL", owner.url(&product));
        }
        request.send()
    };
    let answer = crate::common::Client::read(send(true).await.unwrap()).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.header("hx-retarget").as_deref(),
        Some("#session-slot")
    );
    assert_eq!(
        answer.header("hx-reselect").as_deref(),
        Some("#session-ended")
    );
    assert!(answer.texts("#session-ended p")[0].contains("this was not saved"));
    let next = format!("/login?next={}", product.replace('/', "%2F"));
    assert_eq!(
        answer.attr("#session-ended a", "href").as_deref(),
        Some(next.as_str())
    );
    assert_eq!(
        answer.attr("#session-ended a", "target").as_deref(),
        Some("_blank")
    );
    // Without htmx: a page that says how to keep the values.
    let page = crate::common::Client::read(send(false).await.unwrap()).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.body.contains("Go Back to the form"), "{}", page.body);
    // Nothing was saved, and the token endpoint answers only a signed-in session.
    let title: String = app.with_db(|conn| {
        use backroom::db::schema::products::dsl::*;
        use diesel::prelude::*;
        products.select(title).first(conn).unwrap()
    });
    assert_eq!(title, "Apron");
    assert!(
        owner
            .get("/admin/session/token")
            .await
            .is_sign_in_redirect()
    );
    owner.sign_in(OWNER_EMAIL, PASSWORD).await;
    let token = owner.get("/admin/session/token").await;
    assert_eq!(token.status, StatusCode::OK);
    assert_eq!(token.header("cache-control").as_deref(), Some("no-store"));
    let token: serde_json::Value = serde_json::from_str(&token.body).unwrap();
    let fresh = token["token"].as_str().unwrap();
    assert_ne!(fresh, stale_token);
    let saved = owner
        .post_raw(
            &product,
            &[
                ("title", "Apron, washed"),
                ("status", "active"),
                ("version", "1"),
                ("v0_present", "1"),
                ("v0_price", "9"),
                ("csrf_token", fresh),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
}

crate::on_both_databases!(
    a_save_after_the_session_ended_says_so_and_the_new_token_saves_it,
    a_hash_with_old_parameters_is_upgraded_at_sign_in,
    the_setup_link_creates_the_owner_and_works_only_once,
    setup_with_bad_input_rerenders_with_messages_and_keeps_values,
    signing_in_and_out_works_and_a_replayed_cookie_is_refused,
    sign_in_issues_a_new_session_and_refuses_foreign_next_urls,
    wrong_passwords_unknown_accounts_and_deactivated_accounts_get_the_same_answer,
    an_account_is_throttled_after_ten_failures_in_fifteen_minutes,
    one_address_is_throttled_after_twenty_failures_in_a_minute,
    a_known_browser_keeps_signing_in_while_others_are_locked_out,
    changing_the_password_ends_the_other_sessions,
    sessions_end_after_the_idle_timeout,
    a_session_used_within_the_idle_window_never_ends_early,
    sessions_end_after_the_absolute_timeout_even_when_active,
);
