//! What a bulk edit does: the fields it can change on a product, and the operations on them
//! (parsed from the form, described for people, applied to one product's fields).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::catalog::domain::{ProductStatus, parse_tags};
use crate::catalog::facets::CategoryEntry;
use crate::domain::ids::{CategoryId, VariantId};
use crate::domain::money::{Currency, Money};

/// One product's state in the fields a bulk edit can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub status: ProductStatus,
    pub tags: String,
    pub category_id: Option<CategoryId>,
    pub vendor: String,
    /// (variant id, price in minor units)
    pub prices: Vec<(VariantId, i64)>,
}

#[derive(Debug, Clone)]
pub enum Operation {
    SetStatus(ProductStatus),
    AddTag(String),
    RemoveTag(String),
    SetCategory(Option<CategoryId>),
    SetVendor(String),
    PricePercent(Decimal),
    PriceAmount(Money),
    PriceSet(Money),
}

pub const OPERATIONS: [(&str, &str); 9] = [
    ("status", "Set status"),
    ("archive", "Archive"),
    ("add_tag", "Add a tag"),
    ("remove_tag", "Remove a tag"),
    ("category", "Set category"),
    ("vendor", "Set vendor"),
    (
        "price_percent",
        "Change prices by a percentage (-10 for 10% off)",
    ),
    ("price_amount", "Change prices by an amount (-5 for 5 less)"),
    ("price_set", "Set prices to an amount"),
];

impl Operation {
    pub fn parse(
        operation: &str,
        value: &str,
        currency: &Currency,
        categories: &[CategoryEntry],
    ) -> Result<Operation, String> {
        let value = value.trim();
        match operation {
            "status" => ProductStatus::parse(value)
                .map(Operation::SetStatus)
                .ok_or_else(|| "Enter draft, active or archived.".into()),
            "archive" => Ok(Operation::SetStatus(ProductStatus::Archived)),
            "add_tag" | "remove_tag" => {
                let tags = parse_tags(value)?;
                let [tag] = tags.as_slice() else {
                    return Err("Enter one tag.".into());
                };
                Ok(if operation == "add_tag" {
                    Operation::AddTag(tag.clone())
                } else {
                    Operation::RemoveTag(tag.clone())
                })
            }
            "category" => match value {
                "" => Ok(Operation::SetCategory(None)),
                v => {
                    let by_id = v
                        .parse::<CategoryId>()
                        .ok()
                        .filter(|id| categories.iter().any(|c| c.id == *id));
                    let by_path = categories
                        .iter()
                        .find(|c| c.path.eq_ignore_ascii_case(v) || c.name.eq_ignore_ascii_case(v))
                        .map(|c| c.id);
                    by_id
                        .or(by_path)
                        .map(|id| Operation::SetCategory(Some(id)))
                        .ok_or_else(|| "Choose a category from the list.".into())
                }
            },
            "vendor" => {
                if value.chars().count() > 100 {
                    return Err("Use at most 100 characters.".into());
                }
                Ok(Operation::SetVendor(value.to_owned()))
            }
            "price_percent" => {
                let percent: Decimal = value
                    .trim_end_matches('%')
                    .trim()
                    .parse()
                    .map_err(|_| "Enter a percentage such as -10 or 5.".to_owned())?;
                if percent <= Decimal::from(-100) || percent > Decimal::from(1000) {
                    return Err("Enter a percentage above -100 and up to 1000.".into());
                }
                Ok(Operation::PricePercent(percent))
            }
            "price_amount" => Money::parse_signed(value, currency)
                .map(Operation::PriceAmount)
                .map_err(|e| crate::catalog::products::sentence(&e.to_string())),
            "price_set" => Money::parse(value, currency)
                .map(Operation::PriceSet)
                .map_err(|e| crate::catalog::products::sentence(&e.to_string())),
            _ => Err("Choose an edit.".into()),
        }
    }

    pub fn describe(&self, currency: &Currency, categories: &[CategoryEntry]) -> String {
        match self {
            Operation::SetStatus(status) => format!("Set status to {}", status.label()),
            Operation::AddTag(tag) => format!("Add tag \"{tag}\""),
            Operation::RemoveTag(tag) => format!("Remove tag \"{tag}\""),
            Operation::SetCategory(None) => "Remove the category".into(),
            Operation::SetCategory(Some(id)) => {
                format!(
                    "Set category to {}",
                    categories
                        .iter()
                        .find(|c| c.id == *id)
                        .map_or("?", |c| c.path.as_str())
                )
            }
            Operation::SetVendor(vendor) => format!("Set vendor to \"{vendor}\""),
            Operation::PricePercent(p) => format!("Change prices by {p}%"),
            Operation::PriceAmount(m) => format!("Change prices by {}", m.format(currency)),
            Operation::PriceSet(m) => format!("Set prices to {}", m.format(currency)),
        }
    }

    /// The fields after the operation, or why it cannot apply to this product.
    pub fn apply(&self, before: &Fields, currency: &Currency) -> Result<Fields, String> {
        let mut after = before.clone();
        let reprice = |after: &mut Fields,
                       change: &dyn Fn(Money) -> Result<Money, String>|
         -> Result<(), String> {
            for (_, price) in after.prices.iter_mut() {
                let new = change(Money::from_minor(*price, currency))?;
                if new.is_negative() {
                    return Err("a price would fall below zero".into());
                }
                *price = new.to_minor(currency).map_err(|e| e.to_string())?;
            }
            Ok(())
        };
        match self {
            Operation::SetStatus(status) => after.status = *status,
            Operation::AddTag(tag) => {
                let mut tags = parse_tags(&before.tags).unwrap_or_default();
                if !tags.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
                    tags.push(tag.clone());
                }
                if tags.len() > crate::catalog::domain::MAX_TAGS {
                    return Err("the product would have too many tags".into());
                }
                after.tags = tags.join(", ");
            }
            Operation::RemoveTag(tag) => {
                let tags: Vec<String> = parse_tags(&before.tags)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|t| t.to_lowercase() != tag.to_lowercase())
                    .collect();
                after.tags = tags.join(", ");
            }
            Operation::SetCategory(category) => after.category_id = *category,
            Operation::SetVendor(vendor) => after.vendor = vendor.clone(),
            Operation::PricePercent(percent) => reprice(&mut after, &|m: Money| {
                Money::round(
                    m.amount() * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED,
                    currency,
                )
                .map_err(|e| e.to_string())
            })?,
            Operation::PriceAmount(amount) => reprice(&mut after, &|m: Money| {
                m.checked_add(*amount).map_err(|e| e.to_string())
            })?,
            Operation::PriceSet(amount) => reprice(&mut after, &|_| Ok(*amount))?,
        }
        Ok(after)
    }
}

/// The fields that differ from `other`, as the preview and the change set page show them.
pub fn describe_fields(
    fields: &Fields,
    other: &Fields,
    currency: &Currency,
    categories: &[CategoryEntry],
) -> String {
    let mut parts = Vec::new();
    if fields.status != other.status {
        parts.push(format!("status {}", fields.status.as_str()));
    }
    if fields.tags != other.tags {
        parts.push(format!("tags \"{}\"", fields.tags));
    }
    if fields.category_id != other.category_id {
        parts.push(format!(
            "category {}",
            fields
                .category_id
                .and_then(|id| categories.iter().find(|c| c.id == id))
                .map_or("none", |c| c.path.as_str())
        ));
    }
    if fields.vendor != other.vendor {
        parts.push(format!("vendor \"{}\"", fields.vendor));
    }
    if fields.prices != other.prices {
        let prices: Vec<String> = fields
            .prices
            .iter()
            .map(|(_, p)| Money::from_minor(*p, currency).format(currency))
            .collect();
        parts.push(format!("price {}", prices.join(", ")));
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn fields() -> Fields {
        Fields {
            status: ProductStatus::Active,
            tags: "Summer, linen".into(),
            category_id: None,
            vendor: "A".into(),
            prices: vec![(VariantId::new(1), 1999), (VariantId::new(2), 2500)],
        }
    }

    #[test]
    fn percentage_changes_round_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let after = Operation::PricePercent(dec!(-10))
            .apply(&fields(), &usd)
            .unwrap();
        assert_eq!(
            after.prices,
            vec![(VariantId::new(1), 1799), (VariantId::new(2), 2250)]
        );
    }

    #[test]
    fn a_price_below_zero_is_refused_for_that_product() {
        let usd = Currency::from_code("USD").unwrap();
        let minus = Operation::PriceAmount(Money::parse_signed("-20", &usd).unwrap());
        assert!(minus.apply(&fields(), &usd).is_err());
    }

    #[test]
    fn tags_are_added_once_and_removed_ignoring_case() {
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(
            Operation::AddTag("SUMMER".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "Summer, linen"
        );
        assert_eq!(
            Operation::AddTag("sale".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "Summer, linen, sale"
        );
        assert_eq!(
            Operation::RemoveTag("summer".into())
                .apply(&fields(), &usd)
                .unwrap()
                .tags,
            "linen"
        );
    }
}
