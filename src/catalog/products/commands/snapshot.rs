//! What the audit log keeps of a product.

use serde_json::json;

use crate::catalog::models::{Product, Variant};

/// What the audit log keeps of a product.
pub fn snapshot(product: &Product, variants: &[Variant]) -> serde_json::Value {
    json!({
        "title": product.title,
        "description": product.description,
        "handle": product.handle,
        "status": product.status,
        "vendor": product.vendor,
        "product_type": product.product_type,
        "tags": product.tags,
        "category_id": product.category_id,
        "seo_title": product.seo_title,
        "seo_description": product.seo_description,
        "options": [&product.option1_name, &product.option2_name, &product.option3_name],
        "variants": variants.iter().map(|v| json!({
            "sku": v.sku, "options": v.values(), "price": v.price, "compare_at_price": v.compare_at_price,
            "cost": v.cost, "barcode": v.barcode, "weight_grams": v.weight_grams,
            "track_inventory": v.track_inventory, "allow_backorder": v.allow_backorder,
        })).collect::<Vec<_>>(),
    })
}
