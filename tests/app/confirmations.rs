//! Destructive and irreversible actions ask first. Without JavaScript an unconfirmed post
//! answers with a page that says what will happen to how many records and changes nothing;
//! its form posts the same fields again, confirmed. (The dialog that asks with JavaScript is
//! tested in the browser.)

use crate::common::{Client, Db, Page, TestApp};
use crate::common::{HEADER, create, id_from, png, product_fields, upload, upload_image};
use reqwest::StatusCode;

/// Posts the confirmation page's form as the browser would.
async fn confirm(client: &Client, page: &Page) -> Page {
    let action = page
        .attr(".confirm-page form", "action")
        .expect("a confirmation form");
    let values = page.form_values(".confirm-page form", &[]);
    assert!(values.contains(&("confirmed".into(), "yes".into())));
    let fields: Vec<(&str, &str)> = values
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    client.post_raw(&action, &fields).await
}

fn status_of(app: &TestApp, product: &str) -> String {
    let product: i64 = product.parse().unwrap();
    app.with_db(|conn| {
        use backroom::db::schema::products::dsl::*;
        use diesel::prelude::*;
        products
            .filter(id.eq(product))
            .select(status)
            .first::<String>(conn)
            .unwrap()
    })
}

async fn archiving_asks_first_and_says_what_it_means(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let created = create(&owner, &product_fields("Linen Shirt", "LS-1", "40.00")).await;
    let id = id_from(&created);
    let page = owner.get(&format!("/admin/products/{id}")).await;
    // The dialog's question is on the form.
    let question = page
        .attr(
            &format!("form[action='/admin/products/{id}/archive']"),
            "data-confirm",
        )
        .unwrap();
    assert!(
        question.contains("its 1 variant can no longer be sold"),
        "{question}"
    );

    let asked = owner
        .post_form(&format!("/admin/products/{id}/archive"), &page, &[])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!(asked.texts(".confirm-page h1"), ["Archive Linen Shirt?"]);
    assert!(asked.texts(".confirm-page p")[0].contains("1 variant"));
    assert_eq!(
        asked.attr(".confirm-page a", "href").unwrap(),
        format!("/admin/products/{id}")
    );
    assert_eq!(
        status_of(&app, &id),
        "active",
        "nothing happens before the answer"
    );
    assert_eq!(app.audit_count("catalog.product_archived"), 0);

    confirm(&owner, &asked)
        .await
        .assert_redirect_to(&format!("/admin/products/{id}"));
    assert_eq!(status_of(&app, &id), "archived");
    assert_eq!(app.audit_count("catalog.product_archived"), 1);
}

async fn bulk_edits_and_their_reverts_ask_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        let created = create(
            &owner,
            &product_fields(&format!("Mug {n}"), &format!("MUG-{n}"), "9.00"),
        )
        .await;
        ids.push(id_from(&created));
    }
    let list = owner.get("/admin/products").await;
    let fields = vec![
        ("scope", "selected"),
        ("ids", ids[0].as_str()),
        ("ids", ids[1].as_str()),
        ("operation", "status"),
        ("value", "draft"),
    ];
    let preview = owner
        .post_form("/admin/products/bulk/preview", &list, &fields)
        .await;
    let question = preview
        .attr("form[action='/admin/products/bulk/apply']", "data-confirm")
        .unwrap();
    assert!(question.contains("2 products will change"), "{question}");

    let asked = owner
        .post_form("/admin/products/bulk/apply", &preview, &fields)
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    assert_eq!(
        asked.texts(".confirm-page h1"),
        ["Apply this edit to 2 products?"]
    );
    assert_eq!(app.audit_count("catalog.bulk_edit_applied"), 0);
    assert_eq!(status_of(&app, &ids[0]), "active");
    // The selection travels with the confirmation: both ids, once each.
    let values = asked.form_values(".confirm-page form", &[]);
    assert_eq!(values.iter().filter(|(n, _)| n == "ids").count(), 2);

    let applied = confirm(&owner, &asked).await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let set = applied.location().unwrap();
    assert_eq!(app.audit_count("catalog.bulk_edit_applied"), 1);
    assert_eq!(status_of(&app, &ids[0]), "draft");
    assert_eq!(status_of(&app, &ids[1]), "draft");
    assert_eq!(status_of(&app, &ids[2]), "active");

    let page = owner.get(&set).await;
    let asked = owner.post_form(&format!("{set}/revert"), &page, &[]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(asked.texts(".confirm-page p")[0].contains("come back on 2 products"));
    assert_eq!(
        status_of(&app, &ids[0]),
        "draft",
        "not reverted before the answer"
    );
    assert_eq!(confirm(&owner, &asked).await.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, &ids[0]), "active");
}

async fn an_import_and_an_image_deletion_ask_first(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let csv = format!(
        "{HEADER}\ncup,Cup,,active,,,,,,,,,,,,,CUP-1,,5.00,,,,true,false\nbowl,Bowl,,active,,,,,,,,,,,,,BOWL-1,,7.00,,,,true,false\n"
    );
    let dry = upload(&owner, &csv).await;
    assert_eq!(dry.status, StatusCode::OK, "{}", dry.body);
    let action = dry.attr("form[action$='/apply']", "action").unwrap();
    assert!(
        dry.attr("form[action$='/apply']", "data-confirm")
            .unwrap()
            .contains("2 products will be created")
    );
    let asked = owner
        .post_form(&action, &dry, &[("creates", "2"), ("updates", "0")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(
        asked.texts(".confirm-page p")[0]
            .contains("2 products will be created and 0 products updated")
    );
    let count = || {
        app.with_db(|conn| {
            use diesel::prelude::*;
            backroom::db::schema::products::table
                .count()
                .get_result::<i64>(conn)
                .unwrap()
        })
    };
    assert_eq!(count(), 0);
    assert_eq!(confirm(&owner, &asked).await.status, StatusCode::SEE_OTHER);
    assert_eq!(count(), 2);

    let created = create(&owner, &product_fields("Vase", "VASE-1", "30.00")).await;
    let id = id_from(&created);
    assert_eq!(
        upload_image(&owner, &id, png(40, 40), "vase.png", "A vase")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let page = owner.get(&format!("/admin/products/{id}")).await;
    let delete = page.attr(
        "form[data-confirm] input[name=action][value=delete]",
        "value",
    );
    assert!(delete.is_some(), "the delete form asks in the dialog");
    let image_form = page.attr("form[hx-post*='/images/']", "action").unwrap();
    let asked = owner
        .post_form(&image_form, &page, &[("action", "delete")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!(asked.texts(".confirm-page h1"), ["Delete this image?"]);
    let images = || {
        app.with_db(|conn| {
            use diesel::prelude::*;
            backroom::db::schema::product_images::table
                .count()
                .get_result::<i64>(conn)
                .unwrap()
        })
    };
    assert_eq!(images(), 1);
    confirm(&owner, &asked).await;
    assert_eq!(images(), 0);
}

crate::on_both_databases!(
    archiving_asks_first_and_says_what_it_means,
    bulk_edits_and_their_reverts_ask_first,
    an_import_and_an_image_deletion_ask_first,
);
