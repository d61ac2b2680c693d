//! What an import would change in a product that exists: field by field, before → after, in
//! the file's own column names. The dry run shows it; the diff download writes it all.

use std::collections::HashMap;

use crate::catalog::models::{Product, Variant};
use crate::catalog::products::NewProduct;
use crate::domain::ids::CategoryId;
use crate::domain::money::{Currency, Money};

/// One changed value: of the product (`sku` empty) or of one of its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub sku: String,
    /// The column as the file names it ("Variant Price", "price").
    pub column: String,
    pub before: String,
    pub after: String,
}

impl FieldChange {
    /// A value as the dry run's page shows it: long text cut short.
    pub fn short(text: &str) -> String {
        const MAX: usize = 80;
        if text.chars().count() <= MAX {
            return text.to_owned();
        }
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    }

    pub fn before_short(&self) -> String {
        Self::short(&self.before)
    }

    pub fn after_short(&self) -> String {
        Self::short(&self.after)
    }
}

/// What the diff needs besides the product: the shop's currency, the category slugs, and the
/// file's name for each column.
pub struct DiffContext<'a> {
    pub currency: &'a Currency,
    pub category_slugs: &'a HashMap<CategoryId, String>,
    pub column: &'a dyn Fn(&str) -> String,
}

/// Every value saving `valid` would change in `product` and its `variants`.
pub fn product_changes(
    product: &Product,
    variants: &[Variant],
    valid: &NewProduct,
    context: &DiffContext<'_>,
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut push = |sku: &str, column: &str, before: String, after: String| {
        if before != after {
            changes.push(FieldChange {
                sku: sku.to_owned(),
                column: (context.column)(column),
                before,
                after,
            });
        }
    };
    let slug = |id: Option<CategoryId>| {
        id.and_then(|id| context.category_slugs.get(&id).cloned())
            .unwrap_or_default()
    };
    let handle = valid
        .handle
        .as_ref()
        .map(|h| h.as_str().to_owned())
        .unwrap_or_else(|| product.handle.clone());
    let names: Vec<String> = valid.options.iter().map(|o| o.name.clone()).collect();
    push("", "title", product.title.clone(), valid.title.clone());
    push("", "handle", product.handle.clone(), handle);
    push(
        "",
        "description",
        product.description.clone(),
        valid.description.clone(),
    );
    push(
        "",
        "status",
        product.status.as_str().into(),
        valid.status.as_str().into(),
    );
    push("", "vendor", product.vendor.clone(), valid.vendor.clone());
    push(
        "",
        "product_type",
        product.product_type.clone(),
        valid.product_type.clone(),
    );
    push("", "tags", product.tags.clone(), valid.tags.join(", "));
    push(
        "",
        "category",
        slug(product.category_id),
        slug(valid.category_id),
    );
    push(
        "",
        "seo_title",
        product.seo_title.clone(),
        valid.seo_title.clone(),
    );
    push(
        "",
        "seo_description",
        product.seo_description.clone(),
        valid.seo_description.clone(),
    );
    push(
        "",
        "option names",
        product.option_names().join(", "),
        names.join(", "),
    );

    let money =
        |m: Option<i64>| m.map_or_else(String::new, |m| Money::format_minor(m, context.currency));
    let minor = |m: Option<Money>| m.and_then(|m| m.to_minor(context.currency).ok());
    let flag = |b: bool| if b { "true" } else { "false" }.to_owned();
    for new in &valid.variants {
        let sku = new
            .sku
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default();
        let Some(old) = new.id.and_then(|id| variants.iter().find(|v| v.id == id)) else {
            push(
                &sku,
                "variant",
                String::new(),
                format!("new: {}", new.values.join(" / ")),
            );
            continue;
        };
        let grams = |g: Option<i64>| g.map(|g| g.to_string()).unwrap_or_default();
        push(&sku, "sku", old.sku.clone(), sku.clone());
        push(
            &sku,
            "barcode",
            old.barcode.clone().unwrap_or_default(),
            new.barcode.clone().unwrap_or_default(),
        );
        push(
            &sku,
            "option values",
            old.values().join(" / "),
            new.values.join(" / "),
        );
        push(
            &sku,
            "price",
            money(Some(old.price)),
            money(minor(Some(new.price))),
        );
        push(
            &sku,
            "compare_at_price",
            money(old.compare_at_price),
            money(minor(new.compare_at)),
        );
        push(&sku, "cost", money(old.cost), money(minor(new.cost)));
        push(
            &sku,
            "weight_grams",
            grams(old.weight_grams),
            grams(new.weight_grams),
        );
        push(
            &sku,
            "track_inventory",
            flag(old.track_inventory),
            flag(new.track_inventory),
        );
        push(
            &sku,
            "allow_backorder",
            flag(old.allow_backorder),
            flag(new.allow_backorder),
        );
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::FieldChange;

    #[test]
    fn long_values_are_cut_short_on_the_page() {
        assert_eq!(FieldChange::short("Linen"), "Linen");
        let long = "é".repeat(100);
        assert_eq!(FieldChange::short(&long).chars().count(), 81);
    }
}
