//! The catalog on the real app: products and variants, search and filters, pagination,
//! conflicts, permissions, categories and CSV import/export.

use crate::common::{
    Client, Db, HEADER, Page, TestApp, apply, catalog_csv, create, id_from, png, product_fields,
    upload, upload_image,
};
use reqwest::StatusCode;

async fn a_product_is_created_validated_and_found_by_search(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let empty = owner.get("/admin/products").await;
    assert_eq!(
        empty.texts(".empty-state h2"),
        vec!["Add your first product"]
    );

    let invalid = create(
        &owner,
        &[
            ("title", ""),
            ("status", "active"),
            ("v0_present", "1"),
            ("v0_sku", "has space"),
            ("v0_price", "-3"),
            ("tags", "summer"),
        ],
    )
    .await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.count("#f-title-error"), 1);
    assert_eq!(invalid.count("#v0_sku-error"), 1);
    assert_eq!(invalid.count("#v0_price-error"), 1);
    assert_eq!(
        invalid.attr("#f-tags", "value").as_deref(),
        Some("summer"),
        "values kept"
    );
    assert_eq!(invalid.attr("#v0_price", "value").as_deref(), Some("-3"));

    let created = create(
        &owner,
        &[
            product_fields("Linen Shirt", "LIN-001", "45"),
            vec![
                ("vendor", "Harbour Mills"),
                ("tags", "summer, linen"),
                ("v0_barcode", "0123456789012"),
            ],
        ]
        .concat(),
    )
    .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created);
    let page = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(
        page.attr("#f-handle", "value").as_deref(),
        Some("linen-shirt"),
        "handle generated from the title"
    );
    assert_eq!(page.attr("#v0_price", "value").as_deref(), Some("45.00"));

    for query in [
        "linen",
        "LIN-001",
        "lin",
        "0123456789012",
        "harbour",
        "summer",
        "shirt linen",
    ] {
        let found = owner
            .get(&format!(
                "/admin/products?q={}",
                url::form_urlencoded::byte_serialize(query.as_bytes()).collect::<String>()
            ))
            .await;
        assert_eq!(
            found.texts("tbody td a"),
            vec!["Linen Shirt"],
            "search {query}"
        );
    }
    let none = owner.get("/admin/products?q=velvet").await;
    assert_eq!(none.texts(".empty-state h2"), vec!["No products match"]);
    let fragment = owner.get_htmx("/admin/products?q=linen").await;
    assert_eq!(fragment.count("#product-results"), 1);
    assert_eq!(
        fragment.count(".sidebar"),
        1,
        "a plain htmx request without target gets the page"
    );
    let results = Client::read(
        owner
            .http
            .get(owner.url("/admin/products?q=linen"))
            .header("HX-Request", "true")
            .header("HX-Target", "product-results")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(results.count(".sidebar"), 0, "the results fragment alone");
    assert_eq!(results.texts("tbody td a"), vec!["Linen Shirt"]);
    // Same SKU (any case) or handle on another product is refused with a message on the field.
    let duplicate = create(
        &owner,
        &[
            product_fields("Other", "lin-001", "10"),
            vec![("handle", "linen-shirt")],
        ]
        .concat(),
    )
    .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(duplicate.texts("#v0_sku-error")[0].contains("another product"));
    assert_eq!(
        duplicate.texts("#f-handle-error"),
        vec!["Another product uses this handle."]
    );
    assert_eq!(app.audit_count("catalog.product_created"), 1);
}

async fn options_generate_variants_and_removing_a_value_asks_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let form = owner.get("/admin/products/new").await;
    let base = vec![
        ("title", "Field Jacket"),
        ("status", "draft"),
        ("option1_name", "Size"),
        ("option1_values", "S, M"),
        ("option2_name", "Colour"),
        ("option2_values", "Olive, Navy"),
        ("v0_present", "1"),
        ("v0_price", "120"),
    ];
    let preview = owner
        .post_form(
            "/admin/products",
            &form,
            &[base.clone(), vec![("action", "variants")]].concat(),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK);
    let keys = preview.texts(".variant-table tbody th");
    assert_eq!(keys, vec!["S / Olive", "S / Navy", "M / Olive", "M / Navy"]);
    assert!(
        preview
            .html()
            .select(&scraper::Selector::parse("input[name$=_price]").unwrap())
            .all(|i| i.value().attr("value") == Some("120"))
    );

    // Saving straight away generates the rows too, with SKUs from the handle.
    let created = owner.post_form("/admin/products", &form, &base).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created);
    let edit = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(edit.count(".variant-table tbody tr"), 4);
    assert_eq!(
        edit.attr("#v0_sku", "value").as_deref(),
        Some("FIELD-JACKET-S-OLIVE")
    );

    // Remove the value M: two variants would go, so saving asks first.
    let mut fields: Vec<(String, String)> = Vec::new();
    for (name, value) in [
        ("title", "Field Jacket"),
        ("status", "draft"),
        ("option1_name", "Size"),
        ("option1_values", "S"),
        ("option2_name", "Colour"),
        ("option2_values", "Olive, Navy"),
    ] {
        fields.push((name.into(), value.into()));
    }
    fields.push((
        "version".into(),
        edit.attr("input[name=version]", "value").unwrap(),
    ));
    for i in 0..4 {
        for field in ["present", "key", "id", "sku", "price"] {
            let value = edit
                .attr(&format!("input[name=v{i}_{field}]"), "value")
                .unwrap_or_default();
            fields.push((format!("v{i}_{field}"), value));
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let asked = owner
        .post_form(&format!("/admin/products/{id}"), &edit, &pairs)
        .await;
    assert_eq!(asked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        asked
            .texts(".flash-error p")
            .iter()
            .any(|t| t.contains("FIELD-JACKET-M-OLIVE")),
        "{:?}",
        asked.texts(".flash-error")
    );
    assert_eq!(
        owner
            .get(&format!("/admin/products/{id}"))
            .await
            .count(".variant-table tbody tr"),
        4,
        "nothing deleted yet"
    );
    let confirmed = owner
        .post_form(
            &format!("/admin/products/{id}"),
            &edit,
            &[pairs.clone(), vec![("confirm_removal", "1")]].concat(),
        )
        .await;
    assert_eq!(
        confirmed.status,
        StatusCode::SEE_OTHER,
        "{}",
        confirmed.body
    );
    let after = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(
        after.texts(".variant-table tbody th"),
        vec!["S / Olive", "S / Navy"]
    );
    let list = owner.get("/admin/products").await;
    assert!(
        list.texts("tbody tr")
            .iter()
            .any(|r| r.contains("Field Jacket") && r.contains("$120.00"))
    );
}

async fn a_stale_product_form_gets_409_with_the_other_values(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Canvas Tote", "TOTE-1", "30")).await);
    let (manager, manager_email) = app.staff_member(&owner, "manager").await;
    let mine = owner.get(&format!("/admin/products/{id}")).await;
    let theirs = manager.get(&format!("/admin/products/{id}")).await;
    let version = theirs.attr("input[name=version]", "value").unwrap();
    let fields = |title: &'static str, version: &str| -> Vec<(String, String)> {
        vec![
            ("title", title),
            ("status", "active"),
            ("v0_present", "1"),
            ("v0_sku", "TOTE-1"),
            ("v0_price", "30"),
            ("version", version),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
    };
    fn as_pairs(f: &[(String, String)]) -> Vec<(&str, &str)> {
        f.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }
    let saved = manager
        .post_form(
            &format!("/admin/products/{id}"),
            &theirs,
            &as_pairs(&fields("Canvas Tote Bag", &version)),
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = owner
        .post_form(
            &format!("/admin/products/{id}"),
            &mine,
            &as_pairs(&fields("Tote", &version)),
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let message = stale.texts(".flash-error").join(" ");
    assert!(message.contains(&manager_email), "{message}");
    assert_eq!(
        stale.attr("#f-title", "value").as_deref(),
        Some("Canvas Tote Bag")
    );
}

/// A stale save keeps this person's changes, takes the other person's, and lists the fields
/// both changed; saving the merged form then goes through.
async fn a_stale_save_merges_field_by_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Canvas Tote", "TOTE-1", "30.00")).await);
    let path = format!("/admin/products/{id}");
    let (manager, _) = app.staff_member(&owner, "manager").await;
    let mine = owner.get(&path).await;
    let theirs = manager.get(&path).await;
    let post = |client: &Client, page: &Page, changes: &[(&str, &str)]| {
        let values = page.form_values("#product-form", changes);
        let client = Client {
            base: client.base.clone(),
            http: client.http.clone(),
            jar: client.jar.clone(),
        };
        let path = path.clone();
        async move {
            let fields: Vec<(&str, &str)> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            client.post_raw(&path, &fields).await
        }
    };
    let saved = post(
        &manager,
        &theirs,
        &[("vendor", "Harbour Mills"), ("v0_price", "45.00")],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let stale = post(
        &owner,
        &mine,
        &[("title", "Canvas Tote, large"), ("v0_price", "42.00")],
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(
        stale.attr("#f-title", "value").as_deref(),
        Some("Canvas Tote, large"),
        "mine kept"
    );
    assert_eq!(
        stale.attr("#f-vendor", "value").as_deref(),
        Some("Harbour Mills"),
        "theirs taken"
    );
    assert_eq!(
        stale.attr("#v0_price", "value").as_deref(),
        Some("42.00"),
        "both: mine in the form"
    );
    assert_eq!(
        stale.texts(".conflict-table tbody th, .conflict-table tbody td"),
        ["Price", "42.00", "45.00"]
    );
    assert!(stale.texts(".conflict p")[0].contains("you both changed 1 field"));
    let stored = |app: &TestApp| -> (String, String) {
        app.with_db(|conn| {
            use backroom::db::schema::products::dsl::*;
            use diesel::prelude::*;
            products.select((title, vendor)).first(conn).unwrap()
        })
    };
    assert_eq!(
        stored(&app),
        ("Canvas Tote".into(), "Harbour Mills".into()),
        "nothing saved yet"
    );
    let merged = post(&owner, &stale, &[]).await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER, "{}", merged.body);
    assert_eq!(
        stored(&app),
        ("Canvas Tote, large".into(), "Harbour Mills".into())
    );
    let page = owner.get(&path).await;
    assert_eq!(page.attr("#v0_price", "value").as_deref(), Some("42.00"));
}

/// Paging, sorting, status tabs, page size and Clear all live in the URL.
async fn the_list_keeps_its_place_in_the_url(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    apply(&owner, &upload(&owner, &catalog_csv(60)).await).await;
    let titles = |page: &Page| page.texts("tbody tr td:nth-child(3) a");
    let first = owner.get("/admin/products?sort=title_asc").await;
    let next = first.attr(".pagination a:last-child", "href").unwrap();
    assert!(next.contains("after="), "{next}");
    // Paging with htmx puts the page's own address, cursor included, in the address bar.
    let paged = owner.get_fragment(&next, "product-results").await;
    let pushed = paged.header("hx-push-url").unwrap();
    assert!(
        pushed.contains("sort=title_asc") && pushed.contains("after="),
        "{pushed}"
    );
    assert_eq!(
        titles(&owner.get(&pushed).await),
        titles(&paged),
        "reload shows that page"
    );
    assert_eq!(titles(&paged)[0], "Item 050");
    // Page size: 25, and it is kept by the next link.
    let small = owner.get("/admin/products?sort=title_asc&per=25").await;
    assert_eq!(small.count("tbody tr"), 25);
    let next = small.attr(".pagination a:last-child", "href").unwrap();
    assert!(next.contains("per=25"), "{next}");
    assert_eq!(titles(&owner.get(&next).await)[0], "Item 025");
    // Column heads sort, and say how.
    assert_eq!(
        first.attr("th[aria-sort=ascending] a", "href").as_deref(),
        Some("/admin/products?sort=title_desc")
    );
    let by_price = first.attr("th:nth-child(6) a", "href").unwrap();
    assert_eq!(by_price, "/admin/products?sort=price_asc");
    assert_eq!(
        owner
            .get(&by_price)
            .await
            .attr("th[aria-sort=ascending] a", "href")
            .as_deref(),
        Some("/admin/products?sort=price_desc")
    );
    // Status tabs keep the other filters; the current one is marked.
    let drafts = owner.get("/admin/products?q=item&status=draft").await;
    assert_eq!(
        drafts.texts(".tabs a"),
        ["All", "Draft", "Active", "Archived"]
    );
    assert_eq!(drafts.texts(".tabs a[aria-current=page]"), ["Draft"]);
    assert_eq!(
        drafts.attr(".tabs a:first-child", "href").as_deref(),
        Some("/admin/products?q=item")
    );
    // Clear appears with the results as soon as a filter is set (htmx swaps only those).
    assert_eq!(
        owner
            .get_htmx("/admin/products?sort=title_asc")
            .await
            .count(".clear-filters"),
        0
    );
    let filtered = owner
        .get_htmx("/admin/products?q=item&sort=title_asc&per=25")
        .await;
    assert_eq!(
        filtered.attr(".clear-filters", "href").as_deref(),
        Some("/admin/products?sort=title_asc&per=25")
    );
}

/// Warnings that do not stop a save, suggestions from what exists, and an error summary that
/// links to each field.
async fn the_product_form_warns_suggests_and_links_its_errors(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Linen Shirt", "LS-1", "40.00");
    fields.extend([
        ("vendor", "Harbour Mills"),
        ("product_type", "Shirt"),
        ("tags", "linen, summer"),
        ("v0_compare_at", "35.00"),
        ("v0_cost", "45.00"),
    ]);
    let created = create(&owner, &fields).await;
    assert_eq!(
        created.status,
        StatusCode::SEE_OTHER,
        "warnings never stop a save"
    );
    let page = owner.get(&created.location().unwrap()).await;
    assert_eq!(
        page.texts("#v0_compare_at-warning"),
        ["Not above the price: no discount will show."]
    );
    assert_eq!(
        page.texts("#v0_cost-warning"),
        ["Above the price: each sale loses money."]
    );
    let form = owner.get("/admin/products/new").await;
    assert_eq!(
        form.attr("#vendor-suggestions option", "value").as_deref(),
        Some("Harbour Mills")
    );
    assert_eq!(
        form.attr("#f-vendor", "list").as_deref(),
        Some("vendor-suggestions")
    );
    assert_eq!(
        form.attr("#type-suggestions option", "value").as_deref(),
        Some("Shirt")
    );
    assert!(form.texts(".tag-suggestions")[0].contains("linen"));
    assert_eq!(form.count(".field-warning"), 0);

    let bad = create(
        &owner,
        &[
            ("title", ""),
            ("status", "active"),
            ("v0_present", "1"),
            ("v0_price", "cheap"),
        ],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.attr(".error-summary", "autofocus").as_deref(), Some(""));
    let links: Vec<String> = bad
        .html()
        .select(&scraper::Selector::parse(".error-summary a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(links, ["#f-title", "#v0_price"]);
    for link in links {
        assert_eq!(bad.count(&link), 1, "{link} names a field on the page");
    }
}

async fn a_product_can_be_duplicated_as_a_draft(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut fields = product_fields("Linen Shirt", "LS-1", "40.00");
    fields.extend([("v0_barcode", "4006381333931"), ("vendor", "Harbour")]);
    let original = id_from(&create(&owner, &fields).await);
    let page = owner.get(&format!("/admin/products/{original}")).await;
    let copied = owner
        .post_form(&format!("/admin/products/{original}/duplicate"), &page, &[])
        .await;
    assert_eq!(copied.status, StatusCode::SEE_OTHER, "{}", copied.body);
    let copy = owner.get(&copied.location().unwrap()).await;
    assert!(copy.texts(".flash-success")[0].contains("Copy created as a draft"));
    assert_eq!(
        copy.attr("#f-title", "value").as_deref(),
        Some("Copy of Linen Shirt")
    );
    assert_eq!(
        copy.attr("#f-status option[selected]", "value").as_deref(),
        Some("draft")
    );
    assert_eq!(copy.attr("#f-vendor", "value").as_deref(), Some("Harbour"));
    assert_eq!(copy.attr("#v0_price", "value").as_deref(), Some("40.00"));
    assert_ne!(
        copy.attr("#v0_sku", "value").as_deref(),
        Some("LS-1"),
        "a new SKU"
    );
    assert_eq!(
        copy.attr("#v0_barcode", "value").as_deref(),
        Some(""),
        "barcodes are unique"
    );
    assert_eq!(app.audit_count("catalog.product_created"), 2);
    let still = owner.get(&format!("/admin/products/{original}")).await;
    assert_eq!(still.attr("#v0_sku", "value").as_deref(), Some("LS-1"));
}

/// The value control fits the edit: statuses and categories come from menus.
async fn bulk_edit_values_come_from_menus(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Mug", "MUG-1", "12")).await);
    let list = owner.get("/admin/products").await;
    let chosen = owner
        .post_form(
            "/admin/products/bulk",
            &list,
            &[("scope", "selected"), ("ids", &id)],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    assert_eq!(
        chosen.texts("#f-value_status option"),
        ["Draft", "Active", "Archived"]
    );
    assert_eq!(
        chosen.count("#f-value_category option"),
        1,
        "None, until categories exist"
    );
    assert!(chosen.texts("#f-value-hint")[0].contains("USD"));
    let preview = owner
        .post_form(
            "/admin/products/bulk/preview",
            &chosen,
            &[
                ("scope", "selected"),
                ("ids", &id),
                ("operation", "status"),
                ("value_status", "archived"),
                ("value", ""),
            ],
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        preview.texts("#preview h2"),
        ["Preview: Set status to Archived"]
    );
    assert_eq!(
        preview
            .attr(
                "form[action='/admin/products/bulk/apply'] input[name=value]",
                "value"
            )
            .as_deref(),
        Some("archived")
    );
}

async fn clerks_and_viewers_read_the_catalog_but_cannot_change_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Mug", "MUG-1", "12")).await);
    for role in ["clerk", "viewer"] {
        let (client, _) = app.staff_member(&owner, role).await;
        let list = client.get("/admin/products").await;
        assert_eq!(list.status, StatusCode::OK);
        assert_eq!(list.count("a[href='/admin/products/new']"), 0);
        assert_eq!(list.count("input[name=ids]"), 0);
        let page = client.get(&format!("/admin/products/{id}")).await;
        assert_eq!(page.status, StatusCode::OK);
        // A summary of the product, not a disabled form that looks editable.
        assert_eq!(page.count(".product-summary"), 1);
        assert_eq!(page.count("#product-form, input[name=title], .save-bar"), 0);
        assert!(
            page.texts(".product-summary td")
                .contains(&"MUG-1".to_owned())
        );
        let refused = client
            .post_form(
                &format!("/admin/products/{id}"),
                &page,
                &product_fields("Hacked", "MUG-1", "1"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(
            client.get("/admin/products/new").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            client.get("/admin/products/import").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            client.get("/admin/products/export.csv").await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        owner
            .get(&format!("/admin/products/{id}"))
            .await
            .attr("#f-title", "value")
            .as_deref(),
        Some("Mug")
    );
}

async fn archived_products_stay_and_only_never_sold_ones_can_be_deleted(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let active = id_from(&create(&owner, &product_fields("Sold Lamp", "LAMP-1", "80")).await);
    let draft_fields = vec![
        ("title", "Draft Lamp"),
        ("status", "draft"),
        ("v0_present", "1"),
        ("v0_sku", "LAMP-2"),
        ("v0_price", "80"),
    ];
    let draft = id_from(&create(&owner, &draft_fields).await);
    assert_eq!(
        owner
            .get(&format!("/admin/products/{active}/delete"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let page = owner.get(&format!("/admin/products/{active}")).await;
    owner
        .post_form(
            &format!("/admin/products/{active}/archive"),
            &page,
            &[("confirmed", "yes")],
        )
        .await
        .assert_redirect_to(&format!("/admin/products/{active}"));
    let archived = owner.get("/admin/products?status=archived").await;
    assert_eq!(archived.texts("tbody td a"), vec!["Sold Lamp"]);
    let refused = owner
        .post_form(&format!("/admin/products/{active}/delete"), &page, &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let confirm = owner.get(&format!("/admin/products/{draft}/delete")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    owner
        .post_form(&format!("/admin/products/{draft}/delete"), &confirm, &[])
        .await
        .assert_redirect_to("/admin/products");
    assert_eq!(
        owner.get(&format!("/admin/products/{draft}")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        owner
            .get("/admin/products?q=lamp")
            .await
            .texts("tbody td a"),
        vec!["Sold Lamp"],
        "search index follows the delete"
    );
}

async fn csv_import_dry_runs_applies_and_round_trips_unchanged(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &catalog_csv(60)).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(dry.texts("#to-create"), vec!["60"]);
    assert_eq!(dry.texts("#error-count"), vec!["0"]);
    assert_eq!(
        owner.get("/admin/products").await.count(".empty-state"),
        1,
        "a dry run writes nothing"
    );
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    assert_eq!(app.audit_count("catalog.import_applied"), 1);

    // The list: 50 per page, keyset links both ways, filters and sorts.
    let first = owner.get("/admin/products?sort=title_asc").await;
    assert_eq!(first.count("tbody tr"), 50);
    assert_eq!(first.texts(".result-count"), vec!["60 products"]);
    assert_eq!(first.texts("tbody tr td:nth-child(3) a")[0], "Item 000");
    let next = first.attr(".pagination a:last-child", "href").unwrap();
    let second = owner.get(&next).await;
    assert_eq!(second.count("tbody tr"), 10);
    assert_eq!(second.texts("tbody tr td:nth-child(3) a")[0], "Item 050");
    let back = owner
        .get(&second.attr(".pagination a", "href").unwrap())
        .await;
    assert_eq!(back.texts("tbody tr td:nth-child(3) a")[0], "Item 000");
    assert_eq!(
        owner
            .get("/admin/products?status=draft")
            .await
            .texts(".result-count"),
        vec!["20 products"]
    );
    assert_eq!(
        owner
            .get("/admin/products?vendor=Vendor+1")
            .await
            .texts(".result-count"),
        vec!["15 products"]
    );
    assert_eq!(
        owner
            .get("/admin/products?tag=TAG2")
            .await
            .texts(".result-count"),
        vec!["12 products"]
    );
    assert_eq!(
        owner
            .get("/admin/products?sort=price_desc")
            .await
            .texts("tbody tr td:nth-child(3) a")[0],
        "Item 059"
    );
    let by_price = owner.get("/admin/products?sort=price_asc").await;
    assert!(by_price.texts("tbody tr")[0].contains("$10.50 – $11.50"));

    // Export and import the same file: nothing changes.
    let export = owner
        .http
        .get(owner.url("/admin/products/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(export.headers()["content-type"], "text/csv; charset=utf-8");
    let exported = export.text().await.unwrap();
    assert_eq!(exported.lines().next().unwrap(), HEADER);
    let again = upload(&owner, &exported).await;
    assert_eq!(again.texts("#unchanged"), vec!["60"], "{}", again.body);
    assert_eq!(again.texts("#to-update"), vec!["0"]);
    assert_eq!(again.texts("#to-create"), vec!["0"]);
    // The export follows the filter.
    let drafts = owner
        .http
        .get(owner.url("/admin/products/export.csv?status=draft"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        csv::Reader::from_reader(drafts.as_bytes())
            .records()
            .count(),
        40
    );

    // A changed price is an update.
    let changed = exported.replacen("ITEM-000-S,,10.50", "ITEM-000-S,,9.99", 1);
    let update = upload(&owner, &changed).await;
    assert_eq!(update.texts("#to-update"), vec!["1"]);
    apply(&owner, &update)
        .await
        .assert_redirect_to("/admin/products");
    assert!(
        owner
            .get("/admin/products?q=ITEM-000-S")
            .await
            .texts("tbody tr")[0]
            .contains("$9.99")
    );
}

async fn a_bad_csv_reports_every_problem_by_line_and_writes_nothing(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let rows = [
        HEADER.to_owned(),
        "good,Good,,active,,,,,,,,,,,,,GOOD-1,,5,,,,true,false".to_owned(),
        "bad-price,Bad,,active,,,,,,,,,,,,,BAD-1,,abc,,,,true,false".to_owned(),
        "dup,Dup,,active,,,,,,,,,,,,,GOOD-1,,5,,,,true,false".to_owned(),
        "flag,Flag,,active,,,,,,,,,,,,,FLAG-1,,5,,,,maybe,false".to_owned(),
        "short,Short,,active".to_owned(),
        "cat,Cat,,active,,,,no-such-category,,,,,,,,,CAT-1,,5,,,,true,false".to_owned(),
        "weird,Weird,,sideways,,,,,,,,,,,,,WEIRD-1,,5,,,,true,false".to_owned(),
    ];
    let result = upload(&owner, &rows.join("\n")).await;
    assert_eq!(result.status, StatusCode::UNPROCESSABLE_ENTITY);
    let lines: Vec<String> = result.texts("#import-errors tbody td:first-child");
    assert_eq!(
        lines,
        vec!["3", "4", "5", "6", "7", "8"],
        "{:?}",
        result.texts("#import-errors tbody tr")
    );
    assert_eq!(
        result.count("form[action$='/apply']"),
        0,
        "no way to apply a file with errors"
    );
    // Each error names its record: handle and SKU beside the row number.
    assert_eq!(
        result.texts("#import-errors tbody tr:first-child td")[..3],
        ["3", "bad-price", "BAD-1"]
    );
    // Rows are counted as a spreadsheet counts them: with CRLF line ends and with line breaks
    // inside a cell, the bad price is still on row 3.
    let multiline = [
        HEADER.to_owned(),
        "good,Good,\"Line one\r\n\r\nLine two\",active,,,,,,,,,,,,,GOOD-1,,5,,,,true,false"
            .to_owned(),
        "bad-price,Bad,,active,,,,,,,,,,,,,BAD-1,,abc,,,,true,false".to_owned(),
    ];
    let result = upload(&owner, &multiline.join("\r\n")).await;
    assert_eq!(result.texts("#import-errors tbody td:first-child"), ["3"]);
    // A semicolon-separated file (as spreadsheets write it where the comma is the decimal
    // mark) is read as such.
    let semicolons = [
        HEADER.replace(',', ";"),
        "mug;Mug;;active;;;;;;;;;;;;;MUG-1;;5;;;;true;false".to_owned(),
    ];
    let result = upload(&owner, &semicolons.join("\n")).await;
    assert_eq!(result.status, StatusCode::OK, "{}", result.body);
    assert_eq!(result.texts("#to-create"), ["1"]);
    // Messages name the columns as the file writes them.
    let capitalised = upload(&owner, "Handle,Title,SKU,Price\ncup,Cup,CUP-1,cheap\n").await;
    let message = capitalised
        .texts("#import-errors tbody td:last-child")
        .join(" ");
    assert!(message.starts_with("Price:"), "{message}");
    // The template imports as it is: one product with two variants.
    let template = owner.get("/admin/products/import/template.csv").await;
    assert!(
        template
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    let checked = upload(&owner, &template.body).await;
    assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
    assert_eq!(checked.texts("#to-create"), ["1"]);
    assert_eq!(owner.get("/admin/products").await.count(".empty-state"), 1);

    let unknown = upload(&owner, "handle,title,sku,price,colour\nx,X,X-1,5,red\n").await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.texts(".flash-error")[0].contains("Unknown column: colour"));
    let missing = upload(&owner, "handle,title\nx,X\n").await;
    assert!(missing.texts(".flash-error")[0].contains("sku, price"));
    let quotes = upload(
        &owner,
        &format!("{HEADER}\n\"broken,Broken,,active,,,,,,,,,,,,,B-1,,5,,,,true,false\n"),
    )
    .await;
    assert_eq!(quotes.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Latin-1 bytes are not UTF-8.
    let token = owner.admin_token().await;
    let part = reqwest::multipart::Part::bytes(
        b"handle,title,sku,price\ncaf\xe9,Caf\xe9,C-1,5\n".to_vec(),
    )
    .file_name("latin1.csv");
    let latin = Client::read(
        owner
            .http
            .post(owner.url("/admin/products/import"))
            .multipart(
                reqwest::multipart::Form::new()
                    .text("csrf_token", token.clone())
                    .part("file", part),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(latin.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(latin.texts(".flash-error")[0].contains("UTF-8"));
    // Without the token the upload is refused before it is read.
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv");
    let forged = owner
        .http
        .post(owner.url("/admin/products/import"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // Nor is the token read from the address any more (it would end up in logs and history).
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv");
    let in_url = owner
        .http
        .post(owner.url(&format!("/admin/products/import?csrf_token={token}")))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(in_url.status(), StatusCode::FORBIDDEN);
    // A wrong token in the body is refused too.
    let part = reqwest::multipart::Part::bytes(b"x".to_vec()).file_name("x.csv");
    let wrong = owner
        .http
        .post(owner.url("/admin/products/import"))
        .multipart(
            reqwest::multipart::Form::new()
                .text("csrf_token", "x".repeat(43))
                .part("file", part),
        )
        .send()
        .await
        .unwrap();
    assert!(wrong.status() == StatusCode::UNAUTHORIZED || wrong.status() == StatusCode::FORBIDDEN);
    // The upload forms carry the token in the body, not in their address.
    let form = owner.get("/admin/products/import").await;
    assert!(
        !form
            .attr("form[enctype='multipart/form-data']", "action")
            .unwrap()
            .contains("csrf")
    );
    assert_eq!(
        form.count("form[enctype='multipart/form-data'] input[name=csrf_token]"),
        1
    );
    assert_eq!(owner.get("/admin/products").await.count(".empty-state"), 1);
}

/// A category saved from an old copy of its form: 409 with the name as it is now and who
/// saved it; a saved rename shows at once in the tree (the menu cache is dropped on save).
async fn a_stale_category_form_gets_409_and_a_rename_shows_at_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let new = owner.get("/admin/categories/new").await;
    owner
        .post_form("/admin/categories", &new, &[("name", "Bags")])
        .await
        .assert_redirect_to("/admin/categories");
    let list = owner.get("/admin/categories").await;
    let href = list
        .attr("tbody a[href^='/admin/categories/']", "href")
        .unwrap();
    let (manager, manager_email) = app.staff_member(&owner, "manager").await;
    let mine = owner.get(&href).await;
    let theirs = manager.get(&href).await;
    let version = theirs.attr("input[name=version]", "value").unwrap();
    let renamed = manager
        .post_form(&href, &theirs, &[("name", "Totes"), ("version", &version)])
        .await;
    renamed.assert_redirect_to("/admin/categories");
    assert!(
        owner.get("/admin/categories").await.body.contains("Totes"),
        "the tree shows the rename at once"
    );
    let stale = owner
        .post_form(&href, &mine, &[("name", "Luggage"), ("version", &version)])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    let message = stale.texts(".flash-error").join(" ");
    assert!(message.contains(&manager_email), "{message}");
    assert_eq!(stale.attr("#f-name", "value").as_deref(), Some("Totes"));
    let blank = owner
        .post_form(&href, &mine, &[("name", " "), ("version", &version)])
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn categories_form_a_tree_that_filters_products_and_deleting_one_asks_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let new = owner.get("/admin/categories/new").await;
    owner
        .post_form("/admin/categories", &new, &[("name", "Clothing")])
        .await
        .assert_redirect_to("/admin/categories");
    let new = owner.get("/admin/categories/new").await;
    let clothing = new
        .html()
        .select(&scraper::Selector::parse("#f-parent_id option").unwrap())
        .find(|o| o.text().collect::<String>() == "Clothing")
        .unwrap()
        .value()
        .attr("value")
        .unwrap()
        .to_owned();
    owner
        .post_form(
            "/admin/categories",
            &new,
            &[("name", "Shirts"), ("parent_id", &clothing)],
        )
        .await
        .assert_redirect_to("/admin/categories");
    let duplicate = owner
        .post_form(
            "/admin/categories",
            &new,
            &[("name", "Other"), ("slug", "shirts")],
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::UNPROCESSABLE_ENTITY);
    let list = owner.get("/admin/categories").await;
    assert_eq!(
        list.texts("tbody td:first-child a"),
        vec!["Clothing", "Shirts"]
    );
    let shirts = list.attr("tbody tr:nth-child(2) td a", "href").unwrap();
    let shirts_id = shirts.rsplit('/').next().unwrap().to_owned();

    // A viewer sees what the category is, not a disabled form.
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let seen = viewer.get(&format!("/admin/categories/{shirts_id}")).await;
    assert_eq!(seen.count(".category-summary"), 1);
    assert_eq!(seen.count("input[name=name]"), 0);
    assert!(
        seen.texts(".category-summary dd")
            .contains(&"Clothing".to_owned()),
        "its parent"
    );

    // Moving Clothing under Shirts would make a loop.
    let edit = owner.get(&format!("/admin/categories/{clothing}")).await;
    assert_eq!(
        edit.count(&format!("#f-parent_id option[value='{shirts_id}']")),
        0,
        "descendants are not offered"
    );
    let version = edit.attr("input[name=version]", "value").unwrap();
    let looped = owner
        .post_form(
            &format!("/admin/categories/{clothing}"),
            &edit,
            &[
                ("name", "Clothing"),
                ("slug", "clothing"),
                ("parent_id", &shirts_id),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(looped.status, StatusCode::UNPROCESSABLE_ENTITY);

    let product = id_from(
        &create(
            &owner,
            &[
                product_fields("Oxford Shirt", "OX-1", "60"),
                vec![("category_id", shirts_id.as_str())],
            ]
            .concat(),
        )
        .await,
    );
    assert_eq!(
        owner
            .get(&format!("/admin/products?category={clothing}"))
            .await
            .texts("tbody td a"),
        vec!["Oxford Shirt"],
        "parent includes children"
    );
    assert_eq!(
        owner
            .get("/admin/categories")
            .await
            .texts("tbody td:nth-child(2) a"),
        vec!["1", "1"]
    );

    let confirm = owner
        .get(&format!("/admin/categories/{shirts_id}/delete"))
        .await;
    assert!(confirm.texts("label[for=f-move_to]")[0].contains("1 product is in this category"));
    owner
        .post_form(
            &format!("/admin/categories/{shirts_id}/delete"),
            &confirm,
            &[("move_to", &clothing)],
        )
        .await
        .assert_redirect_to("/admin/categories");
    let page = owner.get(&format!("/admin/products/{product}")).await;
    assert_eq!(
        page.attr("#f-category_id option[selected]", "value")
            .as_deref(),
        Some(clothing.as_str())
    );
    assert_eq!(app.audit_count("catalog.category_deleted"), 1);
}

async fn markup_in_catalog_fields_is_shown_as_text(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    let fields = vec![
        ("title", payload),
        ("description", payload),
        ("vendor", payload),
        ("product_type", payload),
        ("tags", "<b>t</b>, <i>u</i>"),
        ("seo_title", "<b>x</b>"),
        ("status", "active"),
        ("option1_name", "<b>Size</b>"),
        ("option1_values", "<i>a</i>"),
        ("v0_present", "1"),
        ("v0_price", "5"),
    ];
    let created = create(&owner, &fields).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created);
    let new = owner.get("/admin/categories/new").await;
    owner
        .post_form("/admin/categories", &new, &[("name", payload)])
        .await
        .assert_redirect_to("/admin/categories");
    for path in [
        format!("/admin/products/{id}"),
        "/admin/products".into(),
        "/admin/categories".into(),
        "/admin/audit".into(),
    ] {
        let page = owner.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(page.count("body script:not([src])"), 0, "{path}");
        assert_eq!(page.count("img[onerror]"), 0, "{path}");
        assert_eq!(page.count("main b, main i"), 0, "{path}");
    }
}

async fn bulk_edits_preview_apply_and_revert_without_clobbering_later_edits(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &catalog_csv(6)).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    let list = owner.get("/admin/products?sort=title_asc").await;
    let ids: Vec<String> = list
        .html()
        .select(&scraper::Selector::parse("input[name=ids]").unwrap())
        .map(|i| i.value().attr("value").unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 6);
    // Item 001 and Item 002 (S 11.50 / M 12.50, and S 12.50 / M 13.50), 10% off.
    let chosen = owner
        .post_form(
            "/admin/products/bulk",
            &list,
            &[("scope", "selected"), ("ids", &ids[1]), ("ids", &ids[2])],
        )
        .await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    assert_eq!(chosen.texts("h1"), vec!["Bulk edit 2 products"]);
    let preview = owner
        .post_form(
            "/admin/products/bulk/preview",
            &chosen,
            &[
                ("scope", "selected"),
                ("ids", &ids[1]),
                ("ids", &ids[2]),
                ("operation", "price_percent"),
                ("value", "-10"),
            ],
        )
        .await;
    assert_eq!(preview.texts("#preview-changing"), vec!["2"]);
    let rows = preview.texts("#preview-rows tbody tr");
    assert!(
        rows[0].contains("price $11.50") && rows[0].contains("price $10.35"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("price $12.50") && rows[1].contains("price $11.25"),
        "{rows:?}"
    );
    assert!(
        owner
            .get("/admin/products?q=ITEM-001-S")
            .await
            .texts("tbody tr")[0]
            .contains("$11.50"),
        "a preview writes nothing"
    );
    let applied = owner
        .post_form(
            "/admin/products/bulk/apply",
            &preview,
            &[
                ("confirmed", "yes"),
                ("scope", "selected"),
                ("ids", &ids[1]),
                ("ids", &ids[2]),
                ("operation", "price_percent"),
                ("value", "-10"),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let set = applied.location().unwrap();
    assert!(
        owner
            .get("/admin/products?q=ITEM-001-S")
            .await
            .texts("tbody tr")[0]
            .contains("$10.35 – $11.25")
    );
    let page = owner.get(&set).await;
    assert_eq!(page.count("#change-items tbody tr"), 2);
    assert_eq!(app.audit_count("catalog.bulk_edit_applied"), 1);

    // Someone edits Item 002 afterwards; reverting restores Item 001 only and says so.
    let edit = owner.get(&format!("/admin/products/{}", ids[2])).await;
    let mut fields: Vec<(String, String)> = Vec::new();
    for name in [
        "title",
        "status",
        "version",
        "option1_name",
        "option1_values",
    ] {
        let selector = if name == "status" {
            "#f-status option[selected]".to_owned()
        } else {
            format!("[name={name}]")
        };
        fields.push((
            name.into(),
            edit.attr(&selector, "value").unwrap_or_default(),
        ));
    }
    for i in 0..2 {
        for field in ["present", "key", "id", "sku", "price"] {
            fields.push((
                format!("v{i}_{field}"),
                edit.attr(&format!("input[name=v{i}_{field}]"), "value")
                    .unwrap_or_default(),
            ));
        }
    }
    fields.retain(|(n, _)| n != "title");
    fields.push(("title".into(), "Item 002 renamed".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let saved = owner
        .post_form(&format!("/admin/products/{}", ids[2]), &edit, &pairs)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = owner.get(&set).await;
    assert_eq!(
        page.count("#change-items .badge"),
        1,
        "the edited product is marked"
    );
    let reverted = owner
        .post_form(&format!("{set}/revert"), &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(reverted.status, StatusCode::SEE_OTHER);
    let after = owner.get(&set).await;
    assert!(
        after.texts(".flash-success")[0].contains("Reverted 1 product")
            && after.texts(".flash-success")[0].contains("Item 002 renamed")
    );
    // Only the product the revert skipped is marked, not the one it restored.
    assert_eq!(
        after.texts("#change-items .badge"),
        ["Not restored: edited since"]
    );
    assert!(
        owner
            .get("/admin/products?q=ITEM-001-S")
            .await
            .texts("tbody tr")[0]
            .contains("$11.50 – $12.50")
    );
    assert!(
        owner
            .get("/admin/products?q=ITEM-002-S")
            .await
            .texts("tbody tr")[0]
            .contains("$11.25 – $12.15"),
        "not clobbered"
    );
    assert_eq!(
        after.count("form[action$='/revert']"),
        0,
        "a change set is reverted once"
    );

    // Everything matching a filter: the two drafts (Item 000, Item 003) become active.
    let list = owner.get("/admin/products?status=draft").await;
    let all = [
        ("scope", "all"),
        ("filter", "status=draft"),
        ("operation", "status"),
        ("value", "active"),
    ];
    let preview = owner
        .post_form("/admin/products/bulk/preview", &list, &all)
        .await;
    assert_eq!(preview.texts("#preview-changing"), vec!["2"]);
    owner
        .post_form(
            "/admin/products/bulk/apply",
            &preview,
            &[all.as_slice(), &[("confirmed", "yes")]].concat(),
        )
        .await;
    assert_eq!(
        owner
            .get("/admin/products?status=draft")
            .await
            .count(".empty-state"),
        1
    );
    let bad = owner
        .post_form(
            "/admin/products/bulk/preview",
            &list,
            &[
                ("scope", "all"),
                ("filter", ""),
                ("operation", "price_percent"),
                ("value", "lots"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn images_are_checked_thumbnailed_served_ordered_and_deleted(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let id = id_from(&create(&owner, &product_fields("Oak Stool", "STOOL-1", "90")).await);
    let empty = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(empty.count("#images .empty-inline"), 1);

    let fake = upload_image(
        &owner,
        &id,
        b"<svg onload=alert(1)></svg>".to_vec(),
        "photo.png",
        "",
    )
    .await;
    // A refused file goes back to the product page, which says why in its upload form.
    fake.assert_redirect_to(&format!(
        "/admin/products/{id}?upload_error=not_image#images"
    ));
    let shown = owner
        .get(&format!("/admin/products/{id}?upload_error=not_image"))
        .await;
    assert!(shown.texts("#f-image-error")[0].contains("not a JPEG, PNG or WebP"));
    assert_eq!(
        shown.attr("#f-image", "aria-invalid").as_deref(),
        Some("true")
    );
    let made_up = owner
        .get(&format!("/admin/products/{id}?upload_error=<script>"))
        .await;
    assert_eq!(made_up.count("#f-image-error"), 0, "only known codes show");
    let mut damaged = png(50, 50);
    damaged.truncate(70);
    upload_image(&owner, &id, damaged, "d.png", "")
        .await
        .assert_redirect_to(&format!("/admin/products/{id}?upload_error=damaged#images"));
    let huge = upload_image(&owner, &id, vec![0u8; 11 * 1024 * 1024], "big.jpg", "").await;
    huge.assert_redirect_to(&format!(
        "/admin/products/{id}?upload_error=too_large#images"
    ));
    let page = owner
        .get(&format!("/admin/products/{id}?upload_error=too_large"))
        .await;
    assert!(page.texts("#f-image-error")[0].contains("larger than 10 MB"));

    upload_image(&owner, &id, png(800, 400), "front.png", "Front view")
        .await
        .assert_redirect_to(&format!("/admin/products/{id}#images"));
    upload_image(&owner, &id, png(300, 300), "side.png", "Side view")
        .await
        .assert_redirect_to(&format!("/admin/products/{id}#images"));
    let page = owner.get(&format!("/admin/products/{id}")).await;
    let thumbs: Vec<String> = page
        .html()
        .select(&scraper::Selector::parse("#images img").unwrap())
        .map(|i| i.value().attr("src").unwrap().to_owned())
        .collect();
    assert_eq!(thumbs.len(), 2);
    assert_eq!(
        page.attr("#images img", "alt").as_deref(),
        Some("Front view")
    );
    let thumb = owner.http.get(owner.url(&thumbs[0])).send().await.unwrap();
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    assert!(
        thumb.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    let etag = thumb.headers()["etag"].to_str().unwrap().to_owned();
    let decoded = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (160, 80));
    let again = owner
        .http
        .get(owner.url(&thumbs[0]))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    // The 304 carries the same caching as the 200 (it said no-store, so browsers dropped it).
    assert_eq!(
        again.headers()["cache-control"],
        "private, max-age=31536000, immutable"
    );
    let original = owner
        .http
        .get(owner.url(thumbs[0].trim_end_matches("/thumbnail")))
        .send()
        .await
        .unwrap();
    assert_eq!(original.headers()["content-type"], "image/png");
    // The list shows the first image.
    assert_eq!(
        owner
            .get("/admin/products")
            .await
            .attr("tbody img.thumb", "src")
            .as_deref(),
        Some(thumbs[0].as_str())
    );

    // Reorder: the side view first; alt text; delete.
    let second = thumbs[1].trim_end_matches("/thumbnail").to_owned();
    owner
        .post_form(&second, &page, &[("action", "up"), ("alt", "Side view")])
        .await;
    let reordered = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(
        reordered.attr("#images img", "alt").as_deref(),
        Some("Side view")
    );
    assert_eq!(
        owner
            .get("/admin/products")
            .await
            .attr("tbody img.thumb", "src")
            .as_deref(),
        Some(thumbs[1].as_str())
    );
    owner
        .post_form(
            &second,
            &page,
            &[("action", "alt"), ("alt", "Side, in oak")],
        )
        .await;
    assert_eq!(
        owner
            .get(&format!("/admin/products/{id}"))
            .await
            .attr("#images img", "alt")
            .as_deref(),
        Some("Side, in oak")
    );
    // Alt text typed under an image is saved by the product's own Save, with the product.
    let page = owner.get(&format!("/admin/products/{id}")).await;
    let alt_field = page
        .attr("#images input[form='product-form']", "name")
        .unwrap();
    let values = page.form_values(
        "#product-form",
        &[
            (alt_field.as_str(), "Side, in oiled oak"),
            ("title", "Oak stool"),
        ],
    );
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let saved = owner
        .post_raw(&format!("/admin/products/{id}"), &fields)
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = owner.get(&format!("/admin/products/{id}")).await;
    assert_eq!(
        page.attr("#images img", "alt").as_deref(),
        Some("Side, in oiled oak")
    );
    assert_eq!(page.attr("#f-title", "value").as_deref(), Some("Oak stool"));
    for thumb in &thumbs {
        owner
            .post_form(
                thumb.trim_end_matches("/thumbnail"),
                &page,
                &[("action", "delete"), ("confirmed", "yes")],
            )
            .await;
    }
    assert_eq!(
        owner
            .get(&format!("/admin/products/{id}"))
            .await
            .count("#images img"),
        0
    );
    assert_eq!(
        owner.get("/admin/products").await.count("tbody img.thumb"),
        0
    );
    assert_eq!(
        owner
            .http
            .get(owner.url(&thumbs[0]))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.audit_count("catalog.image_added"), 2);
    assert_eq!(app.audit_count("catalog.image_deleted"), 2);

    // Read-only roles see images but cannot add any.
    upload_image(&owner, &id, png(100, 100), "x.png", "").await;
    let (viewer, _) = app.staff_member(&owner, "viewer").await;
    let view = viewer.get(&format!("/admin/products/{id}")).await;
    assert_eq!(view.count("#images img"), 1);
    assert_eq!(view.count("#images form"), 0);
    let src = view.attr("#images img", "src").unwrap();
    assert_eq!(
        viewer
            .http
            .get(viewer.url(&src))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        upload_image(&viewer, &id, png(10, 10), "v.png", "")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// Polls a long run's page until it is no longer working, as a browser without JavaScript would.
async fn wait_for_run(client: &Client, page: &str) -> Page {
    for _ in 0..300 {
        let current = client.get(page).await;
        if !current
            .texts("#job-progress h2")
            .contains(&"Working…".to_owned())
        {
            return current;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("{page} was still working after a minute");
}

/// Makes a job look like its process died mid-run: marked running, silent for ten minutes.
fn interrupt(app: &TestApp, job_id: i64, done: i64) {
    use backroom::db::schema::jobs;
    use diesel::prelude::*;
    app.with_db(|conn| {
        diesel::update(jobs::table.find(job_id))
            .set((
                jobs::status.eq("running"),
                jobs::done.eq(done),
                jobs::finished_at.eq(None::<chrono::NaiveDateTime>),
                jobs::heartbeat_at
                    .eq(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(10)),
            ))
            .execute(conn)
            .unwrap();
    });
}

fn job_counts(app: &TestApp, job_id: i64) -> (String, i64, i64) {
    use backroom::db::schema::jobs;
    use diesel::prelude::*;
    app.with_db(|conn| {
        jobs::table
            .find(job_id)
            .select((jobs::status, jobs::done, jobs::total))
            .first(conn)
            .unwrap()
    })
}

async fn long_runs_go_in_chunks_show_progress_and_resume_after_an_interruption(db: Db) {
    use backroom::db::schema::{catalog_imports, change_sets, jobs};
    use diesel::prelude::*;
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    // The first 50 products are in the catalog already.
    let first = upload(&owner, &catalog_csv(50)).await;
    apply(&owner, &first)
        .await
        .assert_redirect_to("/admin/products");

    // A 250-product file is checked; its run "crashes" after the first 50 (which are the
    // ones already there), as if the server had been killed.
    let dry = upload(&owner, &catalog_csv(250)).await;
    assert_eq!(dry.texts("#to-create"), vec!["200"]);
    assert!(
        dry.body.contains("in steps of 100 products"),
        "{}",
        dry.body
    );
    let action = dry.attr("form[action$='/apply']", "action").unwrap();
    let import_id: i64 = action.split('/').nth(4).unwrap().parse().unwrap();
    let page = format!("/admin/products/import/{import_id}");
    let job_id = app.with_db(|conn| {
        let job_id: i64 = diesel::insert_into(jobs::table)
            .values((
                jobs::kind.eq("catalog.import"),
                jobs::status.eq("running"),
                jobs::total.eq(250_i64),
                jobs::created_at.eq(chrono::Utc::now().naive_utc()),
                jobs::heartbeat_at.eq(chrono::Utc::now().naive_utc()),
            ))
            .returning(jobs::id)
            .get_result(conn)
            .unwrap();
        diesel::update(catalog_imports::table.find(import_id))
            .set(catalog_imports::job_id.eq(job_id))
            .execute(conn)
            .unwrap();
        job_id
    });
    // While it runs, htmx polls a fragment with the bar; without JavaScript the page reloads.
    interrupt(&app, job_id, 50);
    app.with_db(|conn| {
        diesel::update(jobs::table.find(job_id))
            .set(jobs::heartbeat_at.eq(chrono::Utc::now().naive_utc()))
            .execute(conn)
            .unwrap();
    });
    let running = owner.get(&page).await;
    assert_eq!(running.texts("#job-progress h2"), vec!["Working…"]);
    assert_eq!(
        running.attr("#job-progress progress", "value").unwrap(),
        "50"
    );
    assert_eq!(
        running.attr("#job-progress progress", "max").unwrap(),
        "250"
    );
    assert!(
        running
            .body
            .contains(r#"<meta http-equiv="refresh" content="2">"#)
    );
    let polled = owner.get_htmx(&page).await;
    assert_eq!(
        polled.attr("#job-progress", "hx-trigger").unwrap(),
        "every 1s"
    );
    assert_eq!(polled.count("header, nav"), 0, "a fragment, not the page");
    assert_eq!(polled.count("form[action$='/resume']"), 0);
    // Applying again while it runs starts nothing new.
    owner
        .post_form(&action, &dry, &[("confirmed", "yes")])
        .await
        .assert_redirect_to(&page);

    // Silent for ten minutes: interrupted, with a way to resume.
    interrupt(&app, job_id, 50);
    let stalled = owner.get(&page).await;
    assert_eq!(stalled.texts("#job-progress h2"), vec!["Interrupted"]);
    assert_eq!(
        owner.get_htmx(&page).await.header("HX-Refresh").as_deref(),
        Some("true"),
        "polling stops once the run is no longer working"
    );
    let resume = stalled
        .attr("#job-progress form[action$='/resume']", "action")
        .unwrap();
    let resumed = owner.post_form(&resume, &stalled, &[]).await;
    assert_eq!(resumed.status, StatusCode::SEE_OTHER);
    let done = wait_for_run(&owner, &page).await;
    assert_eq!(
        done.texts("#job-progress h2"),
        vec!["Done"],
        "{}",
        done.body
    );
    assert_eq!(
        done.texts("#job-outcome"),
        vec!["Import applied: 200 products created, 0 updated."]
    );
    assert_eq!(done.texts("#created"), vec!["200"]);
    assert_eq!(job_counts(&app, job_id), ("done".into(), 250, 250));
    assert_eq!(
        owner.get("/admin/products").await.texts(".result-count"),
        vec!["250 products"],
        "the 50 done before the crash were not written twice"
    );
    assert_eq!(app.audit_count("catalog.import_applied"), 2);
    // A finished run cannot be resumed or applied again.
    owner
        .post_form(&resume, &done, &[])
        .await
        .assert_redirect_to(&page);
    owner
        .post_form(&action, &done, &[("confirmed", "yes")])
        .await
        .assert_redirect_to(&page);
    assert_eq!(app.audit_count("catalog.import_applied"), 2);

    // A bulk edit of all 250 goes in two chunks, and its page shows how it ended.
    let list = owner.get("/admin/products").await;
    let applied = owner
        .post_form(
            "/admin/products/bulk/apply",
            &list,
            &[
                ("confirmed", "yes"),
                ("scope", "all"),
                ("filter", ""),
                ("operation", "add_tag"),
                ("value", "sale"),
            ],
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let set_page = applied.location().unwrap();
    let set = wait_for_run(&owner, &set_page).await;
    assert_eq!(set.texts("#set-state"), vec!["Applied"], "{}", set.body);
    let set_id: i64 = set_page.rsplit('/').next().unwrap().parse().unwrap();
    let (apply_job, item_count): (Option<i64>, i64) = app.with_db(|conn| {
        change_sets::table
            .find(set_id)
            .select((change_sets::job_id, change_sets::item_count))
            .first(conn)
            .unwrap()
    });
    assert_eq!(item_count, 250);
    assert_eq!(
        job_counts(&app, apply_job.unwrap()),
        ("done".into(), 250, 250)
    );
    assert_eq!(
        owner
            .get("/admin/products?tag=sale")
            .await
            .texts(".result-count"),
        vec!["250 products"]
    );

    // Its revert is interrupted after the first chunk; resuming finishes the rest.
    let revert_form = set.attr("form[action$='/revert']", "action").unwrap();
    owner
        .post_form(&revert_form, &set, &[("confirmed", "yes")])
        .await;
    let reverted = wait_for_run(&owner, &set_page).await;
    assert_eq!(reverted.texts("#set-state"), vec!["Reverted"]);
    assert_eq!(
        owner
            .get("/admin/products?tag=sale")
            .await
            .texts(".result-count"),
        vec!["0 products"]
    );
    let revert_job: i64 = app.with_db(|conn| {
        change_sets::table
            .find(set_id)
            .select(change_sets::job_id)
            .first::<Option<i64>>(conn)
            .unwrap()
            .unwrap()
    });
    assert_eq!(job_counts(&app, revert_job), ("done".into(), 250, 250));
    assert_eq!(app.audit_count("catalog.bulk_edit_reverted"), 1);
    // Reverting twice is refused.
    let twice = owner
        .post_form(&revert_form, &set, &[("confirmed", "yes")])
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    // Replay: the same apply, interrupted mid-way, is resumed from its change set page.
    let again = owner
        .post_form(
            "/admin/products/bulk/apply",
            &list,
            &[
                ("confirmed", "yes"),
                ("scope", "all"),
                ("filter", ""),
                ("operation", "vendor"),
                ("value", "Resumed Vendor"),
            ],
        )
        .await;
    let again_page = again.location().unwrap();
    wait_for_run(&owner, &again_page).await;
    let again_id: i64 = again_page.rsplit('/').next().unwrap().parse().unwrap();
    let again_job: i64 = app.with_db(|conn| {
        // Undo the second chunk's writes by hand, then mark the run as stopped after the first.
        use backroom::db::schema::{change_set_items, products};
        let late: Vec<i64> = change_set_items::table
            .filter(change_set_items::change_set_id.eq(again_id))
            .order(change_set_items::id.asc())
            .offset(200)
            .select(change_set_items::product_id)
            .load(conn)
            .unwrap();
        assert_eq!(late.len(), 50);
        diesel::update(products::table.filter(products::id.eq_any(&late)))
            .set(products::vendor.eq("Vendor 0"))
            .execute(conn)
            .unwrap();
        diesel::delete(
            change_set_items::table
                .filter(change_set_items::product_id.eq_any(&late))
                .filter(change_set_items::change_set_id.eq(again_id)),
        )
        .execute(conn)
        .unwrap();
        diesel::update(change_sets::table.find(again_id))
            .set((
                change_sets::status.eq("applying"),
                change_sets::item_count.eq(200_i64),
            ))
            .execute(conn)
            .unwrap();
        change_sets::table
            .find(again_id)
            .select(change_sets::job_id)
            .first::<Option<i64>>(conn)
            .unwrap()
            .unwrap()
    });
    interrupt(&app, again_job, 200);
    let stalled = owner.get(&again_page).await;
    assert_eq!(stalled.texts("#job-progress h2"), vec!["Interrupted"]);
    assert_eq!(stalled.texts("#set-state"), vec!["Applying"]);
    assert_eq!(stalled.count("form[action$='/revert']"), 0);
    let resume = stalled
        .attr("#job-progress form[action$='/resume']", "action")
        .unwrap();
    owner.post_form(&resume, &stalled, &[]).await;
    let finished = wait_for_run(&owner, &again_page).await;
    assert_eq!(finished.texts("#set-state"), vec!["Applied"]);
    assert_eq!(job_counts(&app, again_job), ("done".into(), 250, 250));
    assert_eq!(
        owner
            .get("/admin/products?vendor=Resumed+Vendor")
            .await
            .texts(".result-count"),
        vec!["250 products"]
    );
    let items: i64 = app.with_db(|conn| {
        use backroom::db::schema::change_set_items;
        change_set_items::table
            .filter(change_set_items::change_set_id.eq(again_id))
            .count()
            .get_result(conn)
            .unwrap()
    });
    assert_eq!(items, 250, "each product recorded once");
}

/// A search's ordered results are kept per catalog generation: paging through them and running
/// them again must give the same as a fresh search, and any change to the catalog — here one
/// written straight to the database, as another instance or the CLI would, unseen by this
/// server's memory — must show at once.
async fn search_results_page_through_and_follow_every_change(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &catalog_csv(60)).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");

    let titles = |page: &Page| page.texts("tbody tr td:nth-child(3) a");
    let first = owner.get("/admin/products?q=item&sort=title_asc").await;
    assert_eq!(first.texts(".result-count"), vec!["60 products"]);
    assert_eq!(titles(&first).len(), 50);
    assert_eq!(titles(&first)[0], "Item 000");
    assert_eq!(titles(&first)[49], "Item 049");
    let next = first.attr(".pagination a:last-child", "href").unwrap();
    let second = owner.get(&next).await;
    assert_eq!(
        titles(&second),
        (50..60).map(|i| format!("Item {i:03}")).collect::<Vec<_>>()
    );
    let previous = second.attr(".pagination a:first-child", "href").unwrap();
    assert_eq!(titles(&owner.get(&previous).await), titles(&first));
    // Again, and in the other order: the same rows.
    assert_eq!(
        titles(&owner.get("/admin/products?q=item&sort=title_asc").await),
        titles(&first)
    );
    let descending = owner.get("/admin/products?q=item&sort=title_desc").await;
    assert_eq!(titles(&descending)[0], "Item 059");
    // Other filters narrow the same search.
    let drafts = owner.get("/admin/products?q=item&status=draft").await;
    assert_eq!(drafts.texts(".result-count"), vec!["20 products"]);
    // A cursor that is not in the results (from another list) still answers.
    let stray = owner
        .get("/admin/products?q=item%20007&after=MjAyNi0wMS0wMQ.999999")
        .await;
    assert_eq!(stray.status, StatusCode::OK);

    // Another writer renames a product behind this server's back.
    app.with_db(|conn| {
        use backroom::db::schema::products;
        use diesel::prelude::*;
        let id: backroom::domain::ids::ProductId = products::table
            .filter(products::title.eq("Item 007"))
            .select(products::id)
            .first(conn)
            .unwrap();
        diesel::update(products::table.find(id))
            .set((
                products::title.eq("Quiet desk"),
                products::updated_at.eq(backroom::db::now()),
            ))
            .execute(conn)
            .unwrap();
        backroom::catalog::index_product(conn, id).unwrap();
    });
    let after = owner.get("/admin/products?q=item&sort=title_asc").await;
    assert_eq!(
        after.texts(".result-count"),
        vec!["60 products"],
        "its SKUs still say item"
    );
    assert!(!titles(&after).contains(&"Item 007".to_owned()));
    let last = owner.get("/admin/products?q=item&sort=title_desc").await;
    assert_eq!(titles(&last)[0], "Quiet desk");
    let renamed = owner.get("/admin/products?q=quiet").await;
    assert_eq!(titles(&renamed), vec!["Quiet desk"]);
    // And through the app: archiving through a bulk edit changes a status filter's results.
    let before = owner.get("/admin/products?q=item&status=archived").await;
    assert_eq!(before.count(".empty-state"), 1);
    let ids = app.with_db(|conn| {
        use backroom::db::schema::products;
        use diesel::prelude::*;
        products::table
            .filter(products::title.eq("Item 001"))
            .select(products::id)
            .first::<i64>(conn)
            .unwrap()
    });
    let list = owner.get("/admin/products").await;
    let id = ids.to_string();
    let fields = [
        ("scope", "selected"),
        ("ids", id.as_str()),
        ("operation", "archive"),
    ];
    let preview = owner
        .post_form("/admin/products/bulk/preview", &list, &fields)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let applied = owner
        .post_form(
            "/admin/products/bulk/apply",
            &preview,
            &[fields.as_slice(), &[("confirmed", "yes")]].concat(),
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let archived = owner.get("/admin/products?q=item&status=archived").await;
    assert_eq!(titles(&archived), vec!["Item 001"]);
}

crate::on_both_databases!(
    images_are_checked_thumbnailed_served_ordered_and_deleted,
    bulk_edits_preview_apply_and_revert_without_clobbering_later_edits,
    a_product_is_created_validated_and_found_by_search,
    options_generate_variants_and_removing_a_value_asks_first,
    a_stale_product_form_gets_409_with_the_other_values,
    a_stale_save_merges_field_by_field,
    the_list_keeps_its_place_in_the_url,
    the_product_form_warns_suggests_and_links_its_errors,
    a_product_can_be_duplicated_as_a_draft,
    bulk_edit_values_come_from_menus,
    clerks_and_viewers_read_the_catalog_but_cannot_change_it,
    archived_products_stay_and_only_never_sold_ones_can_be_deleted,
    csv_import_dry_runs_applies_and_round_trips_unchanged,
    a_bad_csv_reports_every_problem_by_line_and_writes_nothing,
    categories_form_a_tree_that_filters_products_and_deleting_one_asks_first,
    a_stale_category_form_gets_409_and_a_rename_shows_at_once,
    markup_in_catalog_fields_is_shown_as_text,
    long_runs_go_in_chunks_show_progress_and_resume_after_an_interruption,
    search_results_page_through_and_follow_every_change,
);
