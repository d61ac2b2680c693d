//! A Shopify product export, read through a column mapping: its columns named as ours, its
//! values in our conventions (HTML descriptions as plain text, "continue" as a backorder, the
//! "Default Title" option as none), its image-only rows passed over.

use std::collections::HashMap;

use crate::catalog::domain::Sku;

/// Shopify's column → ours.
const MAPPING: [(&str, &str); 24] = [
    ("Handle", "handle"),
    ("Title", "title"),
    ("Body (HTML)", "description"),
    ("Vendor", "vendor"),
    ("Type", "product_type"),
    ("Tags", "tags"),
    ("Status", "status"),
    ("SEO Title", "seo_title"),
    ("SEO Description", "seo_description"),
    ("Option1 Name", "option1_name"),
    ("Option1 Value", "option1_value"),
    ("Option2 Name", "option2_name"),
    ("Option2 Value", "option2_value"),
    ("Option3 Name", "option3_name"),
    ("Option3 Value", "option3_value"),
    ("Variant SKU", "sku"),
    ("Variant Price", "price"),
    ("Variant Compare At Price", "compare_at_price"),
    ("Variant Barcode", "barcode"),
    ("Variant Grams", "weight_grams"),
    ("Variant Inventory Tracker", "track_inventory"),
    ("Variant Inventory Policy", "allow_backorder"),
    ("Cost per item", "cost"),
    ("Product Type", "product_type"),
];

/// True for a Shopify product export's header: Shopify's own column names.
pub fn is_shopify(headers: &[&str]) -> bool {
    let has = |name: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(name));
    has("Handle") && (has("Variant SKU") || has("Body (HTML)") || has("Variant Price"))
}

/// Our column for one of Shopify's (None: a column with no place here, ignored).
pub fn column_for(name: &str) -> Option<&'static str> {
    MAPPING
        .iter()
        .find(|(theirs, _)| theirs.eq_ignore_ascii_case(name.trim()))
        .map(|(_, ours)| *ours)
}

/// Rewrites one row's values from Shopify's conventions to ours; false for a row that is no
/// variant (Shopify writes a row per extra image, with the handle and the image alone).
pub fn translate(fields: &mut HashMap<&'static str, String>) -> bool {
    let get = |fields: &HashMap<&'static str, String>, column: &str| {
        fields
            .get(column)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let variant_columns = ["sku", "price", "option1_value", "barcode"];
    if variant_columns.iter().all(|c| get(fields, c).is_empty()) {
        return false;
    }
    if let Some(html) = fields.get_mut("description") {
        *html = html_to_text(html);
    }
    // A product without options: Shopify's one option "Title" with the value "Default Title".
    if get(fields, "option1_value") == "Default Title" {
        fields.insert("option1_value", String::new());
        if get(fields, "option1_name") == "Title" {
            fields.insert("option1_name", String::new());
        }
    }
    let backorder = match get(fields, "allow_backorder").to_ascii_lowercase().as_str() {
        "continue" => "true",
        "deny" => "false",
        _ => "",
    };
    fields.insert("allow_backorder", backorder.into());
    if fields.contains_key("track_inventory") {
        let tracked = !get(fields, "track_inventory").is_empty();
        fields.insert("track_inventory", tracked.to_string());
    }
    // Grams as Shopify may write them ("220.0"): whole grams.
    let grams = get(fields, "weight_grams");
    if let Ok(value) = grams.parse::<f64>() {
        fields.insert("weight_grams", format!("{}", value.round() as i64));
    }
    // Shopify lets a variant go without a SKU; variants are matched by SKU here, so it gets
    // one made from the handle and its option values, the same on every import of the file.
    if get(fields, "sku").is_empty() {
        let values: Vec<String> = ["option1_value", "option2_value", "option3_value"]
            .iter()
            .map(|c| get(fields, c))
            .filter(|v| !v.is_empty())
            .collect();
        let sku = Sku::generate(&get(fields, "handle"), &values);
        fields.insert("sku", sku.as_str().to_owned());
    }
    true
}

/// An HTML description as plain text: paragraphs and line breaks kept, tags and scripts gone,
/// entities decoded.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_owned();
    }
    let text = html2text::config::plain_no_decorate()
        .string_from_read(html.as_bytes(), 10_000)
        .unwrap_or_else(|_| html.to_owned());
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&'static str, &str)]) -> HashMap<&'static str, String> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    }

    #[test]
    fn shopify_headers_are_recognised_and_mapped() {
        assert!(is_shopify(&[
            "Handle",
            "Title",
            "Body (HTML)",
            "Variant SKU"
        ]));
        assert!(!is_shopify(&["handle", "title", "sku", "price"]));
        assert_eq!(
            column_for("Variant Compare At Price"),
            Some("compare_at_price")
        );
        assert_eq!(column_for("Image Src"), None);
    }

    #[test]
    fn values_follow_our_conventions() {
        let mut fields = row(&[
            ("handle", "linen-shirt"),
            (
                "description",
                "<p>Washed <b>linen</b> &amp; cotton.</p><p>Relaxed fit.</p><script>x()</script>",
            ),
            ("option1_name", "Title"),
            ("option1_value", "Default Title"),
            ("sku", ""),
            ("price", "45.00"),
            ("weight_grams", "220.0"),
            ("track_inventory", "shopify"),
            ("allow_backorder", "continue"),
        ]);
        assert!(translate(&mut fields));
        assert_eq!(
            fields["description"],
            "Washed linen & cotton.\n\nRelaxed fit."
        );
        assert_eq!(
            (
                fields["option1_name"].as_str(),
                fields["option1_value"].as_str()
            ),
            ("", "")
        );
        assert_eq!(fields["weight_grams"], "220");
        assert_eq!(fields["track_inventory"], "true");
        assert_eq!(fields["allow_backorder"], "true");
        assert!(!fields["sku"].is_empty());
    }

    #[test]
    fn image_rows_are_passed_over() {
        let mut image = row(&[("handle", "linen-shirt"), ("sku", ""), ("price", "")]);
        assert!(!translate(&mut image));
    }
}
