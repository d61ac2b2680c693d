//! Bulk money edits: a line per variant, below-cost warnings, rounding, keeping the old price
//! as compare-at, and edits of compare-at and cost that a revert undoes.

use reqwest::StatusCode;

use crate::common::{Client, Db, Page, TestApp};
use crate::common::{HEADER, apply, upload};

/// Two products of two variants each, with costs: Shirt (S 20.00 cost 15.00, M 25.00 cost
/// 10.00) and Scarf (one size 12.00 compare-at 18.00, no cost; Large 30.00).
fn priced_csv() -> String {
    format!(
        "{HEADER}\n\
         shirt,Shirt,,active,,,,,,,Size,S,,,,,SHIRT-S,,20.00,,15.00,,true,false\n\
         shirt,Shirt,,,,,,,,,Size,M,,,,,SHIRT-M,,25.00,,10.00,,true,false\n\
         scarf,Scarf,,active,,,,,,,Size,One,,,,,SCARF-1,,12.00,18.00,,,true,false\n\
         scarf,Scarf,,,,,,,,,Size,Large,,,,,SCARF-L,,30.00,,,,true,false\n"
    )
}

async fn ids(owner: &Client) -> (Page, Vec<String>) {
    let list = owner.get("/admin/products?sort=title_asc").await;
    let ids = list
        .html()
        .select(&scraper::Selector::parse("input[name=ids]").unwrap())
        .map(|i| i.value().attr("value").unwrap().to_owned())
        .collect();
    (list, ids)
}

/// The variant's row in the CSV export: (price, compare-at, cost).
async fn amounts(owner: &Client, sku: &str) -> (String, String, String) {
    let csv = owner
        .http
        .get(owner.url("/admin/products/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[column("sku")] == sku)
        .unwrap();
    (
        row[column("price")].to_owned(),
        row[column("compare_at_price")].to_owned(),
        row[column("cost")].to_owned(),
    )
}

async fn a_markdown_previews_each_variant_warns_below_cost_and_reverts_whole(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &priced_csv()).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    let (list, ids) = ids(&owner).await;
    // Scarf, Shirt: 30% off, rounded to .99, the old price kept as compare-at.
    let edit = [
        ("scope", "selected"),
        ("ids", ids[0].as_str()),
        ("ids", ids[1].as_str()),
        ("operation", "price_percent"),
        ("value", "-30"),
        ("target", "price"),
        ("rounding", "99"),
        ("keep_compare_at", "yes"),
    ];
    let preview = owner
        .post_form("/admin/products/bulk/preview", &list, &edit)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        preview.texts("h2")[0],
        "Preview: Change prices by -30%, rounded to end in .99, keeping the old price as compare-at"
    );
    let rows = preview.texts("#preview-rows tbody tr");
    assert_eq!(rows.len(), 4, "a line per variant: {rows:?}");
    // Products in the order they were made: Shirt, then Scarf.
    // Scarf One: 12.00 → 8.40 → 7.99 (nearest .99); its compare-at 18.00 is higher and kept.
    assert!(
        rows[2].contains("One") && rows[2].contains("price $12.00"),
        "{rows:?}"
    );
    assert!(
        rows[2].contains("price $7.99") && !rows[2].contains("compare-at"),
        "{rows:?}"
    );
    // Scarf Large: 30.00 → 21.00 → 20.99, compare-at none → 30.00.
    assert!(
        rows[3].contains("price $30.00; compare-at none")
            && rows[3].contains("price $20.99; compare-at $30.00"),
        "{rows:?}"
    );
    // Shirt S: 20.00 → 14.00 → 13.99, below its cost of 15.00; Shirt M is not.
    assert!(rows[0].contains("Below cost ($15.00)"), "{rows:?}");
    assert!(!rows[1].contains("Below cost"), "{rows:?}");
    assert_eq!(preview.count("#preview-below-cost"), 1);
    assert!(preview.texts("#preview-below-cost")[0].contains("1 variant would sell below cost"));
    assert_eq!(
        amounts(&owner, "SHIRT-S").await.0,
        "20.00",
        "a preview writes nothing"
    );

    let applied = owner
        .post_form(
            "/admin/products/bulk/apply",
            &preview,
            &[edit.as_slice(), &[("confirmed", "yes")]].concat(),
        )
        .await;
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    let set = applied.location().unwrap();
    assert_eq!(
        amounts(&owner, "SHIRT-S").await,
        ("13.99".into(), "20.00".into(), "15.00".into())
    );
    assert_eq!(amounts(&owner, "SCARF-1").await.1, "18.00");
    let page = owner.get(&set).await;
    assert!(
        page.texts("#change-items tbody tr")
            .iter()
            .any(|r| r.contains("S: price $20.00; compare-at none")),
        "{:?}",
        page.texts("#change-items tbody tr")
    );

    // The revert brings compare-at back to none, not only the price.
    let reverted = owner
        .post_form(&format!("{set}/revert"), &page, &[("confirmed", "yes")])
        .await;
    assert_eq!(reverted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        amounts(&owner, "SHIRT-S").await,
        ("20.00".into(), String::new(), "15.00".into())
    );
    assert_eq!(
        amounts(&owner, "SCARF-L").await,
        ("30.00".into(), String::new(), String::new())
    );
}

async fn costs_and_compare_at_prices_are_bulk_edited_and_cleared(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.owner().await;
    let dry = upload(&owner, &priced_csv()).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    let (list, ids) = ids(&owner).await;
    let run = |operation: &'static str, value: &'static str, target: &'static str| {
        let ids = ids.clone();
        let owner = &owner;
        let list = &list;
        async move {
            let edit = [
                ("scope", "selected"),
                ("ids", ids[0].as_str()),
                ("ids", ids[1].as_str()),
                ("operation", operation),
                ("value", value),
                ("target", target),
            ];
            let preview = owner
                .post_form("/admin/products/bulk/preview", list, &edit)
                .await;
            let applied = owner
                .post_form(
                    "/admin/products/bulk/apply",
                    &preview,
                    &[edit.as_slice(), &[("confirmed", "yes")]].concat(),
                )
                .await;
            (preview, applied)
        }
    };
    // Costs up 10% where there is one; variants without a cost keep none.
    let (preview, applied) = run("price_percent", "10", "cost").await;
    assert_eq!(
        preview.texts("#preview-changing"),
        vec!["1"],
        "{}",
        preview.body
    );
    assert_eq!(applied.status, StatusCode::SEE_OTHER, "{}", applied.body);
    assert_eq!(amounts(&owner, "SHIRT-S").await.2, "16.50");
    assert_eq!(amounts(&owner, "SCARF-L").await.2, "");
    // Compare-at set everywhere, then cleared.
    run("price_set", "40", "compare_at").await;
    assert_eq!(amounts(&owner, "SCARF-1").await.1, "40.00");
    assert_eq!(amounts(&owner, "SHIRT-M").await.1, "40.00");
    run("price_clear", "", "compare_at").await;
    assert_eq!(
        amounts(&owner, "SCARF-1").await,
        ("12.00".into(), String::new(), String::new())
    );

    // A price cannot be cleared, and rounding a currency without cents is refused.
    let (refused, _) = run("price_clear", "", "price").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.texts("[role=alert]")[0].contains("cannot be cleared"));
}

async fn a_bulk_edit_posted_ten_times_at_once_is_applied_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = std::sync::Arc::new(app.owner().await);
    let dry = upload(&owner, &priced_csv()).await;
    apply(&owner, &dry)
        .await
        .assert_redirect_to("/admin/products");
    let (list, ids) = ids(&owner).await;
    let edit = [
        ("scope", "selected"),
        ("ids", ids[0].as_str()),
        ("operation", "price_percent"),
        ("value", "10"),
    ];
    let preview = owner
        .post_form("/admin/products/bulk/preview", &list, &edit)
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    let mut fields = preview.form_values("form[action='/admin/products/bulk/apply']", &[]);
    assert!(
        fields
            .iter()
            .any(|(k, v)| k == "request_key" && v.len() == 32)
    );
    fields.retain(|(k, _)| k != "csrf_token");
    fields.push(("confirmed".into(), "yes".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let before = amounts(&owner, "SCARF-1").await.0;
    let statuses = owner
        .post_at_once("/admin/products/bulk/apply", &pairs, 10)
        .await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::SEE_OTHER),
        "{statuses:?}"
    );
    // Wait for the one run to finish, then: one change set, the price raised once.
    app.jobs_finished().await;
    let sets: i64 = app.with_db(|c| {
        use backroom::db::schema::change_sets;
        use diesel::prelude::*;
        change_sets::table
            .filter(change_sets::operation.ne("catalog.import"))
            .count()
            .get_result(c)
            .unwrap()
    });
    assert_eq!(sets, 1, "one change set for one form");
    assert_eq!(before, "12.00");
    assert_eq!(
        amounts(&owner, "SCARF-1").await.0,
        "13.20",
        "raised once, not ten times"
    );
}

crate::on_both_databases!(
    a_bulk_edit_posted_ten_times_at_once_is_applied_once,
    a_markdown_previews_each_variant_warns_below_cost_and_reverts_whole,
    costs_and_compare_at_prices_are_bulk_edited_and_cleared,
);
