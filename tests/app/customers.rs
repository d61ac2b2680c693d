//! Customers: records checked as typed (email or phone, E.164 phones, unique emails, ISO
//! countries), their addresses and defaults, stale edits, the searchable, filtered and paged
//! list, consent history, masked contact details for viewers, and who may change what. On
//! both databases.

use reqwest::StatusCode;

use crate::common::{Client, Db, TestApp, id_of};

/// Creates a customer from the form's fields; returns the customer's id.
async fn add(client: &Client, fields: &[(&str, &str)]) -> i64 {
    let form = client.get("/admin/customers/new").await;
    let saved = client.post_form("/admin/customers", &form, fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    id_of(&saved)
}

async fn add_address(
    client: &Client,
    customer: i64,
    fields: &[(&str, &str)],
) -> crate::common::Page {
    let page = client.get(&format!("/admin/customers/{customer}")).await;
    let version = page.attr("input[name=version]", "value").unwrap();
    let mut all = fields.to_vec();
    all.push(("version", &version));
    client
        .post_form(
            &format!("/admin/customers/{customer}/addresses"),
            &page,
            &all,
        )
        .await
}

async fn a_customer_is_checked_saved_and_found(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let form = owner.get("/admin/customers/new").await;
    assert_eq!(form.status, StatusCode::OK);

    // Nothing to reach them by: refused, the values kept.
    let refused = owner
        .post_form(
            "/admin/customers",
            &form,
            &[
                ("first_name", "Ada"),
                ("email", "not-an-email"),
                ("phone", "+12"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.attr("#f-first_name", "value").as_deref(),
        Some("Ada")
    );
    assert!(refused.texts("#f-email-error")[0].contains("email address like"));
    assert!(refused.texts("#f-phone-error")[0].contains("+"));
    let nothing = owner.post_form("/admin/customers", &form, &[]).await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(nothing.texts("#f-email-error")[0].contains("or a phone number"));

    let ada = add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "Ada@Example.com"),
            ("phone", "+44 20 7946 0958"),
            ("company", "Analytical Engines"),
            ("tags", "VIP, wholesale, vip"),
            ("note", "Prefers <b>bold</b> mugs"),
            ("accepts_email", "on"),
            ("consent_source", "In person at the shop"),
        ],
    )
    .await;
    let page = owner.get(&format!("/admin/customers/{ada}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), vec!["Ada Lovelace"]);
    let profile = page.texts("#customer-profile dd").join(" | ");
    assert!(profile.contains("Ada@Example.com"), "{profile}");
    assert!(profile.contains("+44 20 7946 0958"), "{profile}");
    assert!(
        profile.contains("vip") && profile.contains("wholesale"),
        "{profile}"
    );
    // Text stays text.
    assert!(!page.body.contains("<b>bold"));
    assert_eq!(
        page.texts("#customer-note"),
        vec!["Prefers <b>bold</b> mugs"]
    );
    assert!(page.texts("#consent-history li")[0].contains("In person at the shop"));
    assert_eq!(app.audit_count("customers.customer_created"), 1);

    // The email is unique ignoring case; a phone alone will do.
    let taken = owner
        .post_form(
            "/admin/customers",
            &form,
            &[("last_name", "Byron"), ("email", "ada@example.COM")],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.texts("#f-email-error")[0].contains("Another customer"));
    let byron = add(
        &owner,
        &[("last_name", "Byron"), ("phone", "+1 415 555 0132")],
    )
    .await;

    // Search: a name's prefix, the email, the phone's digits, a tag, the company.
    for (query, expected) in [
        ("lovel", vec!["Ada Lovelace"]),
        ("ada@example", vec!["Ada Lovelace"]),
        ("7946", vec!["Ada Lovelace"]),
        ("wholesale", vec!["Ada Lovelace"]),
        ("analytical", vec!["Ada Lovelace"]),
        ("4155550132", vec!["Byron"]),
        ("nobody", vec![]),
    ] {
        let found = owner.get(&format!("/admin/customers?q={query}")).await;
        assert_eq!(
            found.texts("#customer-rows tbody td[data-label=Name] a"),
            expected,
            "{query}"
        );
    }
    let none = owner.get("/admin/customers?q=nobody").await;
    assert!(none.texts(".empty-state h2")[0].contains("No customer matches"));
    // htmx asks for the results alone, and the address bar follows.
    let live = owner
        .get_fragment("/admin/customers?q=byron", "customer-results")
        .await;
    assert_eq!(live.count("h1"), 0);
    assert_eq!(
        live.texts("#customer-rows tbody td[data-label=Name] a"),
        vec!["Byron"]
    );
    assert_eq!(
        live.header("HX-Push-Url").as_deref(),
        Some("/admin/customers?q=byron")
    );
    let _ = byron;
}

async fn addresses_set_the_defaults_and_the_place(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[("first_name", "Ada"), ("email", "ada@example.com")],
    )
    .await;
    let bad = add_address(
        &owner,
        ada,
        &[("line1", "12 Harbour Row"), ("country", "Atlantis")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.texts("#f-city-error")[0].contains("city"));
    assert!(bad.texts("#f-country-error")[0].contains("country"));
    assert_eq!(
        bad.attr("#f-line1", "value").as_deref(),
        Some("12 Harbour Row")
    );

    let first = add_address(
        &owner,
        ada,
        &[
            ("line1", "12 Harbour Row"),
            ("city", "Bristol"),
            ("postcode", "BS1 4QA"),
            ("country", "GB"),
        ],
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    let second = add_address(
        &owner,
        ada,
        &[
            ("line1", "3 Rue Neuve"),
            ("city", "Lyon"),
            ("country", "FR"),
            ("phone", "04 72 00 00 00"),
        ],
    )
    .await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let page = owner.get(&format!("/admin/customers/{ada}")).await;
    let addresses = page.texts("#addresses li");
    assert_eq!(addresses.len(), 2, "{addresses:?}");
    assert!(addresses[0].contains("Default shipping") && addresses[0].contains("Default billing"));
    assert!(
        addresses[1].contains("+33 4 72 00 00 00"),
        "a phone read in its address's country: {addresses:?}"
    );
    assert_eq!(
        owner
            .get("/admin/customers?country=GB")
            .await
            .texts("#customer-rows tbody td[data-label=Name] a"),
        vec!["Ada"]
    );
    assert_eq!(
        owner
            .get("/admin/customers?q=bristol")
            .await
            .count("#customer-rows tbody tr"),
        1
    );

    // The second becomes the default shipping address: the customer is now in France.
    let edit = page.attr("#addresses li:nth-child(2) a", "href").unwrap();
    let form = owner.get(&edit).await;
    let mut values = form.form_values("form.card", &[]);
    values.retain(|(k, _)| k != "csrf_token");
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .chain([("default_shipping", "on")])
        .collect();
    let saved = owner.post_form(&edit, &form, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        owner
            .get("/admin/customers?country=FR")
            .await
            .count("#customer-rows tbody tr"),
        1
    );
    assert_eq!(
        owner
            .get("/admin/customers?country=GB")
            .await
            .count("#customer-rows tbody tr"),
        0
    );

    // An edit from the page before that save is stale: 409 with the address as it is now.
    let stale = owner.post_form(&edit, &form, &fields).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("changed"), "{}", stale.body);

    // Removing the default shipping address moves it to the other.
    let now = owner.get(&edit).await;
    let version = now.attr("input[name=version]", "value").unwrap();
    let removed = owner
        .post_form(&format!("{edit}/remove"), &now, &[("version", &version)])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/admin/customers/{ada}")).await;
    assert_eq!(page.count("#addresses li"), 1);
    assert!(page.texts("#addresses li")[0].contains("Default shipping"));
    assert_eq!(app.audit_count("customers.address_added"), 2);
    assert_eq!(app.audit_count("customers.address_removed"), 1);
}

async fn a_stale_edit_shows_the_customer_as_it_is_now(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[("first_name", "Ada"), ("email", "ada@example.com")],
    )
    .await;
    let path = format!("/admin/customers/{ada}");
    let mine = owner.get(&format!("{path}/edit")).await;
    let theirs = owner.get(&format!("{path}/edit")).await;
    let version = theirs.attr("input[name=version]", "value").unwrap();
    let first = owner
        .post_form(
            &path,
            &theirs,
            &[
                ("first_name", "Augusta"),
                ("email", "ada@example.com"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let late = owner
        .post_form(
            &path,
            &mine,
            &[
                ("first_name", "Ada Byron"),
                ("email", "ada@example.com"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert_eq!(
        late.attr("#f-first_name", "value").as_deref(),
        Some("Augusta")
    );
    assert_eq!(app.audit_count("customers.customer_updated"), 1);

    // Consent withdrawn: a second row of history.
    let edit = owner.get(&format!("{path}/edit")).await;
    let version = edit.attr("input[name=version]", "value").unwrap();
    let subscribed = owner
        .post_form(
            &path,
            &edit,
            &[
                ("first_name", "Augusta"),
                ("email", "ada@example.com"),
                ("accepts_email", "on"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(subscribed.status, StatusCode::SEE_OTHER);
    let edit = owner.get(&format!("{path}/edit")).await;
    let version = edit.attr("input[name=version]", "value").unwrap();
    owner
        .post_form(
            &path,
            &edit,
            &[
                ("first_name", "Augusta"),
                ("email", "ada@example.com"),
                ("consent_source", "Replied STOP"),
                ("version", &version),
            ],
        )
        .await;
    let page = owner.get(&path).await;
    let history = page.texts("#consent-history li");
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[0].contains("Unsubscribed") && history[0].contains("Replied STOP"));
    assert_eq!(
        owner
            .get("/admin/customers?consent=no")
            .await
            .count("#customer-rows tbody tr"),
        1
    );
    assert_eq!(
        owner
            .get("/admin/customers?consent=yes")
            .await
            .count("#customer-rows tbody tr"),
        0
    );
}

async fn viewers_see_contact_details_masked_and_change_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("email", "ada@example.com"),
            ("phone", "+44 20 7946 0958"),
        ],
    )
    .await;
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let list = viewer.get("/admin/customers").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(
        list.texts("#customer-rows td[data-label=Email]"),
        vec!["a•••@example.com"]
    );
    assert_eq!(
        list.texts("#customer-rows td[data-label=Phone]"),
        vec!["+44 ••• ••58"]
    );
    assert_eq!(list.count("a[href='/admin/customers/new']"), 0);
    let page = viewer.get(&format!("/admin/customers/{ada}")).await;
    assert!(!page.body.contains("ada@example.com") && !page.body.contains("7946"));
    assert_eq!(
        page.count(&format!("a[href='/admin/customers/{ada}/edit']")),
        0
    );
    let refused = viewer
        .post(
            "/admin/customers",
            &[("first_name", "Eve"), ("email", "eve@example.com")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get("/admin/customers/new").await.status,
        StatusCode::FORBIDDEN
    );
    // A clerk sees them whole and may add customers.
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    assert!(
        clerk
            .get(&format!("/admin/customers/{ada}"))
            .await
            .body
            .contains("ada@example.com")
    );
    add(
        &clerk,
        &[("first_name", "Eve"), ("email", "eve@example.com")],
    )
    .await;
    assert_eq!(
        owner.get("/admin/customers/999999").await.status,
        StatusCode::NOT_FOUND
    );
}

async fn the_list_pages_filters_and_sorts_from_its_url(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let empty = owner.get("/admin/customers").await;
    assert!(empty.texts(".empty-state h2")[0].contains("No customers yet"));
    for i in 0..55 {
        let (last, email) = (format!("Zeta{i:02}"), format!("z{i:02}@example.com"));
        let tags = if i % 5 == 0 { "vip" } else { "" };
        add(
            &owner,
            &[("last_name", &last), ("email", &email), ("tags", tags)],
        )
        .await;
    }
    let first = owner.get("/admin/customers").await;
    assert_eq!(first.texts(".result-count"), vec!["55 customers"]);
    let names = first.texts("#customer-rows tbody td[data-label=Name] a");
    assert_eq!(names.len(), 50);
    assert_eq!(names[0], "Zeta00");
    let next = first.attr(".pagination a:last-child", "href").unwrap();
    let second = owner.get(&next).await;
    assert_eq!(
        second.texts("#customer-rows tbody td[data-label=Name] a")[0],
        "Zeta50"
    );
    assert_eq!(second.count("#customer-rows tbody tr"), 5);
    let back = owner
        .get(&second.attr(".pagination a", "href").unwrap())
        .await;
    assert_eq!(
        back.texts("#customer-rows tbody td[data-label=Name] a")[0],
        "Zeta00"
    );
    let vip = owner.get("/admin/customers?tag=VIP").await;
    assert_eq!(vip.texts(".result-count"), vec!["11 customers"]);
    let newest = owner.get("/admin/customers?sort=newest&per=25").await;
    assert_eq!(
        newest.texts("#customer-rows tbody td[data-label=Name] a")[0],
        "Zeta54"
    );
    assert_eq!(newest.count("#customer-rows tbody tr"), 25);
    let today = chrono::Utc::now().date_naive();
    let window = format!("/admin/customers?from={today}&until={today}");
    assert_eq!(
        owner.get(&window).await.texts(".result-count"),
        vec!["55 customers"]
    );
    let bad_day = owner.get("/admin/customers?from=someday").await;
    assert_eq!(bad_day.status, StatusCode::OK);
    assert!(bad_day.body.contains("YYYY-MM-DD"));
}

/// Staff notes: a timeline with authors by name; an edit keeps the old text in the audit log
/// and marks the note edited; an empty note is refused on the page; an edit on an older page
/// is stale; a viewer writes none.
async fn notes_are_a_timeline_and_edits_keep_the_old_text(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[("first_name", "Ada"), ("email", "ada@example.com")],
    )
    .await;
    let path = format!("/admin/customers/{ada}");
    let page = owner.get(&path).await;
    let empty = owner
        .post_form(&format!("{path}/notes"), &page, &[("body", "   ")])
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.texts("#f-note-body-error")[0].contains("Write the note"));
    for body in [
        "Called about the <i>blue</i> mug",
        "Prefers morning delivery",
    ] {
        let added = owner
            .post_form(&format!("{path}/notes"), &page, &[("body", body)])
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    let page = owner.get(&path).await;
    let notes = page.texts("#note-list li");
    assert_eq!(notes.len(), 2);
    assert!(
        notes[0].contains("Prefers morning delivery"),
        "newest first: {notes:?}"
    );
    assert!(
        notes[1].contains("Called about the <i>blue</i> mug"),
        "as text: {notes:?}"
    );
    assert!(
        notes[0].contains(crate::common::OWNER_NAME),
        "by name: {notes:?}"
    );

    // Edit the older note: the page shows it edited, the audit row keeps what it said.
    let edit = page.attr("#note-list li:nth-child(2) a", "href").unwrap();
    let form = owner.get(&edit).await;
    let version = form.attr("input[name=version]", "value").unwrap();
    let saved = owner
        .post_form(
            &edit,
            &form,
            &[
                ("body", "Called about the green mug"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = owner.get(&path).await;
    let notes = page.texts("#note-list li");
    assert!(
        notes[1].contains("green") && notes[1].contains("edited"),
        "{notes:?}"
    );
    let before: String = app.with_db(|conn| {
        use backroom::db::schema::audit_log;
        use diesel::prelude::*;
        audit_log::table
            .filter(audit_log::action.eq("customers.note_edited"))
            .select(audit_log::before_json.assume_not_null())
            .first(conn)
            .unwrap()
    });
    assert!(before.contains("blue"), "{before}");
    // The same form again is stale: 409 with the note as it is now.
    let stale = owner
        .post_form(
            &edit,
            &form,
            &[("body", "Something else"), ("version", &version)],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("green"));
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let refused = viewer
        .post(&format!("{path}/notes"), &[("body", "From a viewer")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// The CSV export follows the list's filter, flattens the default shipping address, keeps
/// formulas inert, and is audited; one customer's data downloads as JSON for a data-access
/// request, audited too; both are for managers and owners.
async fn exports_follow_the_filter_and_are_audited(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("email", "ada@example.com"),
            ("tags", "vip"),
            ("note", "=HYPERLINK(\"http://evil.example\")"),
            ("accepts_email", "on"),
        ],
    )
    .await;
    add(
        &owner,
        &[("first_name", "Byron"), ("email", "byron@example.com")],
    )
    .await;
    let added = add_address(
        &owner,
        ada,
        &[
            ("line1", "12 Harbour Row"),
            ("city", "Bristol"),
            ("country", "GB"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let page = owner.get(&format!("/admin/customers/{ada}")).await;
    owner
        .post_form(
            &format!("/admin/customers/{ada}/notes"),
            &page,
            &[("body", "Asked for a catalogue")],
        )
        .await;

    let (manager, _) = app.staff_member(&owner, "manager").await;
    let list = manager.get("/admin/customers?tag=vip").await;
    let link = list
        .attr("a[href^='/admin/customers/export.csv']", "href")
        .unwrap();
    assert_eq!(link, "/admin/customers/export.csv?tag=vip");
    let response = manager.http.get(manager.url(&link)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.contains("-customers-"), "{disposition}");
    let csv = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers[0], "email");
    assert!(headers.contains(&"address_country".to_owned()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{csv}");
    let cell = |name: &str| rows[0][headers.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(cell("email"), "ada@example.com");
    assert_eq!(cell("address_city"), "Bristol");
    assert_eq!(cell("accepts_email"), "true");
    assert!(
        cell("note").starts_with("'="),
        "a formula stays text: {}",
        cell("note")
    );
    assert_eq!(app.audit_count("customers.exported"), 1);

    let data = manager
        .http
        .get(manager.url(&format!("/admin/customers/{ada}/data.json")))
        .send()
        .await
        .unwrap();
    assert_eq!(data.status(), StatusCode::OK);
    let document: serde_json::Value = data.json().await.unwrap();
    assert_eq!(document["customer"]["email"], "ada@example.com");
    assert_eq!(document["addresses"][0]["city"], "Bristol");
    assert_eq!(document["addresses"][0]["default_shipping"], true);
    assert_eq!(document["email_marketing_consent"][0]["accepts"], true);
    assert_eq!(document["notes"][0]["body"], "Asked for a catalogue");
    assert_eq!(app.audit_count("customers.data_exported"), 1);

    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    assert_eq!(
        clerk.get("/admin/customers/export.csv").await.status,
        StatusCode::FORBIDDEN
    );
    let theirs = clerk
        .get(&format!("/admin/customers/{ada}/data.json"))
        .await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    assert_eq!(
        clerk
            .get("/admin/customers")
            .await
            .count("a[href^='/admin/customers/export.csv']"),
        0
    );
}

/// Possible duplicates: one Gmail mailbox written two ways, one phone, one name at one
/// postcode; customers who only share a first name are not listed. A viewer sees the shared
/// contact detail masked.
async fn possible_duplicates_are_grouped_by_what_they_share(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let empty = owner.get("/admin/customers/duplicates").await;
    assert!(empty.texts(".empty-state h2")[0].contains("No possible duplicates"));
    add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "ada.lovelace@gmail.com"),
        ],
    )
    .await;
    add(
        &owner,
        &[
            ("first_name", "A"),
            ("last_name", "Lovelace"),
            ("email", "AdaLovelace+shop@googlemail.com"),
        ],
    )
    .await;
    add(
        &owner,
        &[
            ("first_name", "Grace"),
            ("email", "grace@example.com"),
            ("phone", "+44 20 7946 0958"),
        ],
    )
    .await;
    add(
        &owner,
        &[
            ("first_name", "G"),
            ("last_name", "Hopper"),
            ("phone", "+442079460958"),
        ],
    )
    .await;
    let alan = add(
        &owner,
        &[
            ("first_name", "Alan"),
            ("last_name", "Turing"),
            ("email", "alan@example.com"),
        ],
    )
    .await;
    let other = add(
        &owner,
        &[
            ("first_name", "Alan"),
            ("last_name", "Turing"),
            ("email", "a.turing@example.org"),
        ],
    )
    .await;
    for id in [alan, other] {
        let added = add_address(
            &owner,
            id,
            &[
                ("line1", "1 Bletchley Park"),
                ("city", "Milton Keynes"),
                ("postcode", "MK3 6EB"),
                ("country", "GB"),
            ],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
    }
    add(
        &owner,
        &[
            ("first_name", "Alan"),
            ("last_name", "Kay"),
            ("email", "kay@example.com"),
        ],
    )
    .await;
    let page = owner.get("/admin/customers/duplicates").await;
    let groups = page.texts(".duplicate-group h2");
    assert_eq!(groups.len(), 3, "{groups:?}");
    assert!(
        groups[0].contains("Same email") && groups[0].contains("adalovelace@gmail.com"),
        "{groups:?}"
    );
    assert!(
        groups[1].contains("Same phone") && groups[1].contains("+44 20 7946 0958"),
        "{groups:?}"
    );
    assert!(
        groups[2].contains("Same name and postcode") && groups[2].contains("MK3 6EB"),
        "{groups:?}"
    );
    assert_eq!(page.count(".duplicate-group li"), 6);
    assert!(!page.body.contains("Kay"));
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let masked = viewer.get("/admin/customers/duplicates").await;
    assert!(!masked.body.contains("7946") && !masked.body.contains("adalovelace@"));
    assert_eq!(masked.count(".duplicate-group"), 3);
}

crate::on_both_databases!(
    an_erasure_leaves_no_personal_data_behind,
    merging_keeps_one_customer_with_both_histories,
    possible_duplicates_are_grouped_by_what_they_share,
    exports_follow_the_filter_and_are_audited,
    notes_are_a_timeline_and_edits_keep_the_old_text,
    a_customer_is_checked_saved_and_found,
    addresses_set_the_defaults_and_the_place,
    a_stale_edit_shows_the_customer_as_it_is_now,
    viewers_see_contact_details_masked_and_change_nothing,
    the_list_pages_filters_and_sorts_from_its_url,
);

/// Merging: the page shows both side by side; the values chosen are kept, the other's
/// addresses, notes and tags move over, the other is gone, one audit row; a merge from an
/// older page is stale; clerks may not merge.
async fn merging_keeps_one_customer_with_both_histories(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let ada = add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "ada.lovelace@gmail.com"),
            ("tags", "vip"),
        ],
    )
    .await;
    let twin = add(
        &owner,
        &[
            ("first_name", "A"),
            ("last_name", "Lovelace"),
            ("email", "adalovelace@gmail.com"),
            ("phone", "+44 20 7946 0958"),
            ("tags", "wholesale"),
        ],
    )
    .await;
    for (id, city, country) in [(ada, "Bristol", "GB"), (twin, "Lyon", "FR")] {
        let added = add_address(
            &owner,
            id,
            &[("line1", "1 Quay"), ("city", city), ("country", country)],
        )
        .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER);
        let page = owner.get(&format!("/admin/customers/{id}")).await;
        owner
            .post_form(
                &format!("/admin/customers/{id}/notes"),
                &page,
                &[("body", &format!("Note from {city}"))],
            )
            .await;
    }
    let (manager, _) = app.staff_member(&owner, "manager").await;
    let duplicates = manager.get("/admin/customers/duplicates").await;
    let link = duplicates
        .attr("a[href^='/admin/customers/merge']", "href")
        .unwrap();
    let form = manager.get(&link.replace("&amp;", "&")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.count("#merge-fields tbody tr"), 9);
    let (kept, other): (i64, i64) = {
        let a = form
            .attr("input[name=a]", "value")
            .unwrap()
            .parse()
            .unwrap();
        let b = form
            .attr("input[name=b]", "value")
            .unwrap()
            .parse()
            .unwrap();
        (a, b)
    };
    assert_eq!((kept, other), (ada, twin));
    let mut fields = form.form_values(
        "form[action='/admin/customers/merge']",
        &[("email", "other")],
    );
    fields.retain(|(k, _)| k != "csrf_token");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let merged = manager
        .post_form("/admin/customers/merge", &form, &pairs)
        .await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(
        merged.location().as_deref(),
        Some(format!("/admin/customers/{ada}").as_str())
    );
    let page = manager.get(&format!("/admin/customers/{ada}")).await;
    assert_eq!(page.texts("h1"), vec!["Ada Lovelace"]);
    let profile = page.texts("#customer-profile dd").join(" | ");
    assert!(
        profile.contains("adalovelace@gmail.com"),
        "the other's email, chosen: {profile}"
    );
    assert!(
        profile.contains("+44 20 7946 0958"),
        "the only phone, kept: {profile}"
    );
    assert!(
        profile.contains("vip") && profile.contains("wholesale"),
        "{profile}"
    );
    assert_eq!(page.count("#addresses li"), 2);
    assert_eq!(page.count("#note-list li"), 2);
    assert_eq!(
        manager
            .get(&format!("/admin/customers/{twin}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.audit_count("customers.merged"), 1);
    let found = manager.get("/admin/customers?q=adalovelace").await;
    assert_eq!(found.count("#customer-rows tbody tr"), 1);
    assert!(
        manager
            .get("/admin/customers/duplicates")
            .await
            .texts(".empty-state h2")[0]
            .contains("No possible")
    );

    // A merge posted from a page older than a change: stale, nothing merged.
    let third = add(
        &owner,
        &[
            ("first_name", "Ada"),
            ("last_name", "Lovelace"),
            ("email", "ada@example.com"),
        ],
    )
    .await;
    let old = manager
        .get(&format!("/admin/customers/merge?a={ada}&b={third}"))
        .await;
    let mut values = old.form_values("form[action='/admin/customers/merge']", &[]);
    values.retain(|(k, _)| k != "csrf_token");
    let edit = owner.get(&format!("/admin/customers/{third}/edit")).await;
    let version = edit.attr("input[name=version]", "value").unwrap();
    owner
        .post_form(
            &format!("/admin/customers/{third}"),
            &edit,
            &[
                ("first_name", "Ada B."),
                ("last_name", "Lovelace"),
                ("email", "ada@example.com"),
                ("version", &version),
            ],
        )
        .await;
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let stale = manager
        .post_form("/admin/customers/merge", &old, &pairs)
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert_eq!(
        manager
            .get(&format!("/admin/customers/{third}"))
            .await
            .status,
        StatusCode::OK
    );
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    let refused = clerk
        .get(&format!("/admin/customers/merge?a={ada}&b={third}"))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// Erasure: asked first (the email typed, a reason), then no personal data is left anywhere
/// in the database — the customer row, addresses, notes, consents, tags, the search index, the
/// audit rows' before/after, and on SQLite the file's free pages and its write-ahead log.
async fn an_erasure_leaves_no_personal_data_behind(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let secrets = ["zyxwquentin", "Quentinella", "Harbourviewlane", "79460958"];
    let id = add(
        &owner,
        &[
            ("first_name", "Quentinella"),
            ("last_name", "Zyxw"),
            ("email", "zyxwquentin@example.com"),
            ("phone", "+44 20 7946 0958"),
            ("note", "Quentinella likes tea"),
            ("tags", "zyxwquentintag"),
            ("accepts_email", "on"),
        ],
    )
    .await;
    let added = add_address(
        &owner,
        id,
        &[
            ("line1", "1 Harbourviewlane"),
            ("city", "Bristol"),
            ("country", "GB"),
        ],
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let path = format!("/admin/customers/{id}");
    let page = owner.get(&path).await;
    owner
        .post_form(
            &format!("{path}/notes"),
            &page,
            &[("body", "Quentinella called")],
        )
        .await;
    // An edit, so the audit log holds the old values too.
    let edit = owner.get(&format!("{path}/edit")).await;
    let version = edit.attr("input[name=version]", "value").unwrap();
    owner
        .post_form(
            &path,
            &edit,
            &[
                ("first_name", "Quentinella"),
                ("last_name", "Zyxw-Smith"),
                ("email", "zyxwquentin@example.com"),
                ("version", &version),
            ],
        )
        .await;

    // Asked first: the wrong email or no reason erases nothing.
    let form = owner.get(&format!("{path}/erase")).await;
    assert_eq!(form.status, StatusCode::OK);
    let wrong = owner
        .post_form(
            &format!("{path}/erase"),
            &form,
            &[("confirm", "someone@example.com"), ("reason", "Asked")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.texts("#erase-error")[0].contains("Type the customer's email"));
    let (clerk, _) = app.staff_member(&owner, "clerk").await;
    assert_eq!(
        clerk.get(&format!("{path}/erase")).await.status,
        StatusCode::FORBIDDEN
    );
    let erased = owner
        .post_form(
            &format!("{path}/erase"),
            &form,
            &[
                ("confirm", "ZyxwQuentin@example.com"),
                ("reason", "The customer asked to be forgotten"),
            ],
        )
        .await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    let page = owner.get(&path).await;
    assert!(page.texts("#erased")[0].contains("asked to be forgotten"));
    assert_eq!(page.count("#addresses li") + page.count("#note-list li"), 0);
    assert_eq!(app.audit_count("customers.erased"), 1);
    assert_eq!(
        owner
            .get("/admin/customers?q=zyxwquentin")
            .await
            .count("#customer-rows tbody tr"),
        0
    );
    let again = owner.get(&format!("{path}/edit")).await;
    let version = again.attr("input[name=version]", "value").unwrap();
    let refill = owner
        .post_form(
            &path,
            &again,
            &[
                ("first_name", "Back"),
                ("email", "back@example.com"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(refill.status, StatusCode::CONFLICT);

    // Nothing of theirs is left in any table's text.
    let tables = [
        "SELECT count(*) AS n FROM customers WHERE first_name || last_name || coalesce(email, '') || phone || note || tags LIKE $1",
        "SELECT count(*) AS n FROM customer_addresses WHERE line1 LIKE $1",
        "SELECT count(*) AS n FROM customer_notes WHERE body LIKE $1",
        "SELECT count(*) AS n FROM audit_log WHERE coalesce(before_json, '') || coalesce(after_json, '') LIKE $1",
    ];
    for secret in secrets {
        for sql in tables {
            let pattern = format!("%{secret}%");
            let sql = if app.database_url.starts_with("postgres") {
                sql.to_owned()
            } else {
                sql.replace("$1", "?")
            };
            let query = sql.clone();
            let n: i64 = app.with_db(move |conn| {
                use diesel::RunQueryDsl;
                #[derive(diesel::QueryableByName)]
                struct Count {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                diesel::sql_query(query)
                    .bind::<diesel::sql_types::Text, _>(pattern)
                    .get_result::<Count>(conn)
                    .unwrap()
                    .n
            });
            assert_eq!(n, 0, "{secret} still in: {sql}");
        }
    }
    // On SQLite, the file itself and its write-ahead log: deleted text stays readable there
    // unless it is overwritten and the log is checkpointed.
    if !app.database_url.starts_with("postgres") {
        for file in [
            app.database_url.clone(),
            format!("{}-wal", app.database_url),
        ] {
            let Ok(bytes) = std::fs::read(&file) else {
                continue;
            };
            for secret in secrets {
                let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
                assert!(!found, "{secret} is still readable in {file}");
            }
        }
    }
}
