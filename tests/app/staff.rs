//! The owner's staff management, the audit trail it writes, and writes under contention.

use crate::common::{Client, Db, OTHER_PASSWORD, OWNER_EMAIL, PASSWORD, Page, TestApp};
use reqwest::StatusCode;

async fn edit_link(owner: &Client, email: &str) -> String {
    let list = owner.get("/admin/staff").await;
    let html = list.html();
    let rows = scraper::Selector::parse("tbody tr").unwrap();
    let link = scraper::Selector::parse("td a").unwrap();
    html.select(&rows)
        .find(|row| row.text().collect::<String>().contains(email))
        .and_then(|row| row.select(&link).next())
        .and_then(|a| a.value().attr("href"))
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("{email} not listed"))
}

async fn save(
    owner: &Client,
    link: &str,
    page: &Page,
    name: &str,
    role: &str,
    active: bool,
    version: &str,
) -> Page {
    let mut fields = vec![("name", name), ("role", role), ("version", version)];
    if active {
        fields.push(("active", "on"));
    }
    owner.post_form(link, page, &fields).await
}

async fn the_owner_adds_staff_with_validation_and_unique_emails(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let empty = owner.get("/admin/staff").await;
    assert_eq!(
        empty.texts("tbody td:first-child"),
        vec![crate::common::OWNER_NAME]
    );

    let form = owner.get("/admin/staff/new").await;
    assert_eq!(
        form.attr("label[for=f-email]", "for").as_deref(),
        Some("f-email")
    );
    let invalid = owner
        .post_form(
            "/admin/staff",
            &form,
            &[
                ("name", "Ana"),
                ("email", "ana@"),
                ("role", "clerk"),
                ("password", "short"),
                ("password_confirmation", "short"),
            ],
        )
        .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        invalid.attr("#f-name", "value").as_deref(),
        Some("Ana"),
        "values kept"
    );
    assert_eq!(invalid.attr("#f-email", "value").as_deref(), Some("ana@"));
    assert_eq!(
        invalid
            .attr("input[name=role][value=clerk]", "checked")
            .as_deref(),
        Some("")
    );
    assert_eq!(invalid.count(".field-error"), 2);

    let created = owner
        .post_form(
            "/admin/staff",
            &form,
            &[
                ("name", "Ana Lima"),
                ("email", "Ana@Shop.test"),
                ("role", "clerk"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    created.assert_redirect_to("/admin/staff");
    let list = owner.get("/admin/staff").await;
    assert_eq!(
        list.texts(".flash-success"),
        vec!["Ana Lima can now sign in."]
    );
    assert!(
        list.texts("tbody tr")
            .iter()
            .any(|row| row.contains("Ana Lima") && row.contains("Clerk") && row.contains("Active"))
    );

    let duplicate = owner
        .post_form(
            "/admin/staff",
            &form,
            &[
                ("name", "Other Ana"),
                ("email", "ana@shop.TEST"),
                ("role", "viewer"),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        duplicate.texts("#f-email-error"),
        vec!["Another staff account already uses this email address."]
    );
    assert_eq!(app.audit_count("staff.created"), 1);
}

async fn a_stale_edit_gets_409_naming_who_changed_the_account(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (_, email) = app.staff_member(&owner, "clerk").await;
    let link = edit_link(&owner, &email).await;
    // Two owners' tabs open the same form.
    let first = owner.get(&link).await;
    let second = owner.get(&link).await;
    let version = first.attr("input[name=version]", "value").unwrap();
    save(
        &owner,
        &link,
        &first,
        "Renamed Once",
        "clerk",
        true,
        &version,
    )
    .await
    .assert_redirect_to("/admin/staff");
    let stale = save(
        &owner,
        &link,
        &second,
        "Renamed Twice",
        "viewer",
        true,
        &version,
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let message = stale.texts(".flash-error").join(" ");
    assert!(
        message.contains(OWNER_EMAIL) && message.contains("changed this account"),
        "{message}"
    );
    assert_eq!(
        stale.attr("#f-name", "value").as_deref(),
        Some("Renamed Once"),
        "their values are shown"
    );
    let current = owner.get(&link).await;
    assert_eq!(
        current.attr("#f-name", "value").as_deref(),
        Some("Renamed Once")
    );
}

async fn role_changes_and_deactivation_end_that_persons_sessions(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (manager, email) = app.staff_member(&owner, "manager").await;
    assert_eq!(manager.get("/admin/audit").await.status, StatusCode::OK);
    let link = edit_link(&owner, &email).await;
    let page = owner.get(&link).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    save(
        &owner,
        &link,
        &page,
        "Test manager",
        "viewer",
        true,
        &version,
    )
    .await
    .assert_redirect_to("/admin/staff");
    assert!(
        manager.get("/admin").await.is_sign_in_redirect(),
        "role change ended the session"
    );
    manager
        .sign_in(&email, PASSWORD)
        .await
        .assert_redirect_to("/admin");
    assert_eq!(
        manager.get("/admin/audit").await.status,
        StatusCode::FORBIDDEN,
        "the new role applies"
    );

    let page = owner.get(&link).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    save(
        &owner,
        &link,
        &page,
        "Test manager",
        "viewer",
        false,
        &version,
    )
    .await
    .assert_redirect_to("/admin/staff");
    assert!(
        manager.get("/admin").await.is_sign_in_redirect(),
        "deactivation ended the session"
    );
    assert_eq!(
        manager.sign_in(&email, PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(app.audit_count("staff.updated"), 2);
}

async fn the_only_active_owner_cannot_be_demoted_or_deactivated(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let link = edit_link(&owner, OWNER_EMAIL).await;
    let page = owner.get(&link).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    let demoted = save(
        &owner,
        &link,
        &page,
        crate::common::OWNER_NAME,
        "manager",
        true,
        &version,
    )
    .await;
    assert_eq!(demoted.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(demoted.texts("#f-role-error")[0].contains("only active owner"));
    let deactivated = save(
        &owner,
        &link,
        &page,
        crate::common::OWNER_NAME,
        "owner",
        false,
        &version,
    )
    .await;
    assert_eq!(deactivated.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(owner.get("/admin/staff").await.status, StatusCode::OK);
    assert_eq!(app.audit_count("staff.updated"), 0);
}

async fn the_owner_sets_a_new_password_and_the_old_sessions_end(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (clerk, email) = app.staff_member(&owner, "clerk").await;
    let link = edit_link(&owner, &email).await;
    let page = owner.get(&link).await;
    let weak = owner
        .post_form(
            &format!("{link}/password"),
            &page,
            &[
                ("password", "password1234"),
                ("password_confirmation", "password1234"),
            ],
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.count("#f-password-error"), 1);
    assert_eq!(clerk.get("/admin").await.status, StatusCode::OK);
    let set = owner
        .post_form(
            &format!("{link}/password"),
            &page,
            &[
                ("password", OTHER_PASSWORD),
                ("password_confirmation", OTHER_PASSWORD),
            ],
        )
        .await;
    set.assert_redirect_to("/admin/staff");
    assert!(clerk.get("/admin").await.is_sign_in_redirect());
    clerk
        .sign_in(&email, OTHER_PASSWORD)
        .await
        .assert_redirect_to("/admin");
    assert_eq!(app.audit_count("staff.password_reset"), 1);
}

async fn every_action_writes_exactly_one_audit_row_and_the_log_lists_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    app.staff_member(&owner, "viewer").await;
    assert_eq!(app.audit_count("staff.setup"), 1);
    assert_eq!(app.audit_count("staff.created"), 1);
    assert_eq!(
        app.audit_count("staff.sign_in"),
        1,
        "the viewer signed in once; the owner was signed in by setup"
    );
    let log = owner.get("/admin/audit").await;
    assert_eq!(log.status, StatusCode::OK);
    let actions = log.texts(".audit-action");
    assert_eq!(
        actions,
        vec!["Signed in", "Staff account created", "Shop set up"]
    );
    // People by name, records by name with a link.
    assert_eq!(
        log.texts(".audit-meta span[title]")[2],
        crate::common::OWNER_NAME
    );
    assert_eq!(log.texts(".audit-head a")[1], "Test viewer");
    let filtered = owner.get_htmx("/admin/audit?entity=staff").await;
    assert_eq!(filtered.count(".audit-entry"), 3);
    let none = owner.get("/admin/audit?entity=product").await;
    assert_eq!(none.count(".empty-state"), 1);
    // The dashboard counts them, and tells the shop's activity (not sign-ins) in words.
    let dashboard = owner.get("/admin").await;
    assert_eq!(
        dashboard.texts(".stat-value"),
        vec!["0", "0", "0", "0", "2", "1", "0", "3"]
    );
    assert_eq!(dashboard.count("#recent-activity li"), 2);
}

async fn the_audit_log_pages_through_older_entries_and_keeps_its_filter(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    app.with_db(|conn| {
        let actor = backroom::auth::Actor::command_line();
        for n in 0..60 {
            backroom::audit::record(
                conn,
                &actor,
                backroom::audit::Entry {
                    entity_type: "product",
                    entity_id: Some(n.to_string()),
                    action: "catalog.product_updated",
                    before: None,
                    after: None,
                },
            )
            .unwrap();
        }
    });
    let first = owner.get("/admin/audit?entity=product").await;
    assert_eq!(first.count(".audit-entry"), 50);
    assert!(
        first
            .attr(".pagination a", "href")
            .is_some_and(|h| h.contains("before="))
    );
    let older = first.attr(".pagination a:last-child", "href").unwrap();
    assert!(
        older.starts_with("/admin/audit?entity=product&before="),
        "{older}"
    );
    let second = owner.get(&older).await;
    assert_eq!(
        second.count(".audit-entry"),
        10,
        "the 60 entries, 50 a page"
    );
    assert_eq!(
        second.texts(".pagination a"),
        vec!["Newest"],
        "no older entries after the last page"
    );
    assert_eq!(
        second.attr(".pagination a", "href").as_deref(),
        Some("/admin/audit?entity=product")
    );
}

async fn concurrent_writes_never_answer_with_a_server_error(db: Db) {
    let app = TestApp::spawn_with(db, |args| args.trust_proxy = true).await;
    app.owner().await;
    let mut tasks = Vec::new();
    for i in 0..48 {
        let client = app.client();
        tasks.push(tokio::spawn(async move {
            let page = client.get("/login").await;
            let token = page.csrf_token();
            let body = serde_urlencoded::to_string([
                ("email", format!("user{i}@shop.test")),
                ("password", "wrong password entirely".into()),
                ("csrf_token", token),
            ])
            .unwrap();
            let response = client
                .http
                .post(client.url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", format!("10.0.{}.{}", i / 200, i % 200))
                .body(body)
                .send()
                .await
                .unwrap();
            response.status()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(
            status == StatusCode::UNPROCESSABLE_ENTITY || status == StatusCode::SERVICE_UNAVAILABLE,
            "{status}"
        );
    }
}

/// Each person changes their own name and email, confirmed with their password.
async fn people_change_their_own_name_and_email(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (clerk, clerk_email) = app.staff_member(&owner, "clerk").await;
    let page = clerk.get("/admin/account").await;
    assert_eq!(
        page.attr("#f-email", "value").as_deref(),
        Some(clerk_email.as_str())
    );
    let wrong = clerk
        .post_form(
            "/admin/account/profile",
            &page,
            &[
                ("name", "Chloe C."),
                ("email", "chloe@shop.test"),
                ("current_password", "not it"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.count("#f-current_password-error"), 1);
    assert_eq!(
        wrong.attr("#f-name", "value").as_deref(),
        Some("Chloe C."),
        "typed values kept"
    );
    let taken = clerk
        .post_form(
            "/admin/account/profile",
            &page,
            &[
                ("name", "Chloe C."),
                ("email", OWNER_EMAIL),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        taken.texts("#f-email-error"),
        ["Another staff account uses this email."]
    );
    let saved = clerk
        .post_form(
            "/admin/account/profile",
            &page,
            &[
                ("name", "Chloe C."),
                ("email", "Chloe@Shop.test"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    saved.assert_redirect_to("/admin/account");
    assert_eq!(app.audit_count("staff.profile_updated"), 1);
    assert_eq!(
        clerk.get("/admin").await.texts(".topbar-name"),
        ["Chloe C."]
    );
    // Saving the same again writes nothing.
    let page = clerk.get("/admin/account").await;
    clerk
        .post_form(
            "/admin/account/profile",
            &page,
            &[
                ("name", "Chloe C."),
                ("email", "Chloe@Shop.test"),
                ("current_password", PASSWORD),
            ],
        )
        .await
        .assert_redirect_to("/admin/account");
    assert_eq!(app.audit_count("staff.profile_updated"), 1);
    // The new email signs in; the old one no longer does.
    let fresh = app.client();
    assert!(
        fresh.sign_in(&clerk_email, PASSWORD).await.status == StatusCode::UNPROCESSABLE_ENTITY
            || fresh.get("/admin").await.is_sign_in_redirect()
    );
    app.client()
        .sign_in("chloe@shop.test", PASSWORD)
        .await
        .assert_redirect_to("/admin");
}

/// An owner taking away their own role is asked first, and then told why they are signed out.
async fn an_owner_demoting_themselves_is_asked_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let (_, second_email) = app.staff_member(&owner, "owner").await;
    assert!(!second_email.is_empty());
    let me = edit_link(&owner, crate::common::OWNER_EMAIL).await;
    let page = owner.get(&me).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    let fields = [
        ("name", crate::common::OWNER_NAME),
        ("role", "manager"),
        ("active", "on"),
        ("version", version.as_str()),
    ];
    let asked = owner.post_form(&me, &page, &fields).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!(asked.texts(".confirm-page h1"), ["Change your own role?"]);
    assert!(asked.texts(".confirm-page p")[0].contains("You will be a manager"));
    assert_eq!(app.audit_count("staff.updated"), 0, "nothing changed yet");
    let values = asked.form_values(".confirm-page form", &[]);
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let done = owner.post_raw(&me, &fields).await;
    done.assert_redirect_to("/login");
    assert_eq!(app.audit_count("staff.updated"), 1);
    let sign_in = owner.get("/login").await;
    assert!(
        sign_in
            .texts(".flash")
            .join(" ")
            .contains("Your role was changed, so you were signed out")
    );
    assert!(!sign_in.body.contains("Staff account saved."));
}

crate::on_both_databases!(
    an_owner_demoting_themselves_is_asked_first,
    people_change_their_own_name_and_email,
    the_owner_adds_staff_with_validation_and_unique_emails,
    a_stale_edit_gets_409_naming_who_changed_the_account,
    role_changes_and_deactivation_end_that_persons_sessions,
    the_only_active_owner_cannot_be_demoted_or_deactivated,
    the_owner_sets_a_new_password_and_the_old_sessions_end,
    every_action_writes_exactly_one_audit_row_and_the_log_lists_them,
    the_audit_log_pages_through_older_entries_and_keeps_its_filter,
    concurrent_writes_never_answer_with_a_server_error,
);

/// A write that cannot get the lock in time is answered "busy" (503), never as an error.
#[test]
fn a_held_write_lock_turns_into_unavailable_not_an_error() {
    use diesel::connection::SimpleConnection;
    use diesel::r2d2::ManageConnection;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lock.db").to_string_lossy().into_owned();
    let manager = backroom::db::DbManager::new(&path);
    let mut holder = manager.connect().unwrap();
    backroom::db::migrate(&mut holder).unwrap();
    let mut waiter = manager.connect().unwrap();
    waiter.batch_execute("PRAGMA busy_timeout = 20").unwrap();
    holder.batch_execute("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let result = backroom::db::write(&mut waiter, |c| {
        c.batch_execute("UPDATE shop_settings SET shop_name = 'x'")?;
        Ok(())
    });
    assert!(
        matches!(result, Err(backroom::error::AppError::Unavailable)),
        "{result:?}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    holder.batch_execute("ROLLBACK").unwrap();
    assert!(
        backroom::db::write(&mut waiter, |c| Ok(
            c.batch_execute("UPDATE shop_settings SET shop_name = 'y'")?
        ))
        .is_ok()
    );
}
