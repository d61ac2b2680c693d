//! Catalog fixtures: a product's form fields, creating one through its form, the CSV import,
//! images.

use super::{Client, Page};

pub fn product_fields<'a>(title: &'a str, sku: &'a str, price: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("status", "active"),
        ("v0_present", "1"),
        ("v0_sku", sku),
        ("v0_price", price),
        ("v0_track", "on"),
    ]
}

pub async fn create(client: &Client, fields: &[(&str, &str)]) -> Page {
    let form = client.get("/admin/products/new").await;
    client.post_form("/admin/products", &form, fields).await
}

pub fn id_from(page: &Page) -> String {
    page.location()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

pub async fn upload(client: &Client, csv: &str) -> Page {
    let token = client.admin_token().await;
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec())
        .file_name("products.csv")
        .mime_str("text/csv")
        .unwrap();
    // The token travels in the body, before the file, as the page's form sends it.
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("file", part);
    let response = client
        .http
        .post(client.url("/admin/products/import"))
        .header("Origin", &client.base)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Client::read(response).await
}

pub async fn apply(client: &Client, result: &Page) -> Page {
    let action = result
        .attr("form[action$='/apply']", "action")
        .expect("an apply form");
    client
        .post_form(&action, result, &[("confirmed", "yes")])
        .await
}

pub const HEADER: &str = "handle,title,description,status,vendor,product_type,tags,category,seo_title,seo_description,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,barcode,price,compare_at_price,cost,weight_grams,track_inventory,allow_backorder";

pub fn catalog_csv(count: usize) -> String {
    let mut csv = String::from(HEADER);
    csv.push('\n');
    for i in 0..count {
        let status = if i % 3 == 0 { "draft" } else { "active" };
        csv.push_str(&format!(
            "item-{i:03},Item {i:03},\"Line one\n\nLine two, with comma\",{status},Vendor {v},Thing,\"tag{t}, common\",,,,Size,S,,,,,ITEM-{i:03}-S,,{p}.50,,,250,true,false\n",
            v = i % 4,
            t = i % 5,
            p = 10 + i
        ));
        csv.push_str(&format!(
            "item-{i:03},Item {i:03},,,,,,,,,Size,M,,,,,ITEM-{i:03}-M,,{p}.50,,,260,true,false\n",
            p = 11 + i
        ));
    }
    csv
}

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(width, height, image::Rgb([30, 90, 140]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

pub async fn upload_image(
    client: &Client,
    product: &str,
    bytes: Vec<u8>,
    name: &str,
    alt: &str,
) -> Page {
    let token = client.admin_token().await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        )
        .text("alt", alt.to_owned());
    Client::read(
        client
            .http
            .post(client.url(&format!("/admin/products/{product}/images")))
            .header("Origin", &client.base)
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}
