//! What a bulk edit does: the fields it can change on a product, and the operations on them
//! (parsed from the form, described for people, applied to one product's fields).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::forms::BulkForm;
use super::pricing::{PriceChange, PriceField, Reprice, Rounding, VariantPrices, read_prices};
use crate::catalog::domain::{ProductStatus, parse_tags};
use crate::catalog::facets::CategoryEntry;
use crate::domain::ids::CategoryId;
use crate::domain::money::{Currency, Money};

/// One product's state in the fields a bulk edit can change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub status: ProductStatus,
    pub tags: String,
    pub category_id: Option<CategoryId>,
    pub vendor: String,
    /// Each variant's price, compare-at price and cost, in order.
    #[serde(deserialize_with = "read_prices")]
    pub prices: Vec<VariantPrices>,
}

#[derive(Debug, Clone)]
pub enum Operation {
    SetStatus(ProductStatus),
    AddTag(String),
    RemoveTag(String),
    SetCategory(Option<CategoryId>),
    SetVendor(String),
    Reprice(Reprice),
}

pub const OPERATIONS: [(&str, &str); 10] = [
    ("status", "Set status"),
    ("archive", "Archive"),
    ("add_tag", "Add a tag"),
    ("remove_tag", "Remove a tag"),
    ("category", "Set category"),
    ("vendor", "Set vendor"),
    (
        "price_percent",
        "Change an amount by a percentage (-10 for 10% off)",
    ),
    ("price_amount", "Change an amount by a sum (-5 for 5 less)"),
    ("price_set", "Set an amount"),
    ("price_clear", "Clear compare-at prices or costs"),
];

impl Operation {
    /// The edit the form asks for, or what is wrong with it.
    pub fn parse(
        form: &BulkForm,
        currency: &Currency,
        categories: &[CategoryEntry],
    ) -> Result<Operation, String> {
        let value = form.value.trim();
        let operation = form.operation.as_str();
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
            "price_percent" | "price_amount" | "price_set" | "price_clear" => {
                parse_reprice(form, currency).map(Operation::Reprice)
            }
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
            Operation::Reprice(reprice) => reprice.describe(currency),
        }
    }

    /// The fields after the operation, or why it cannot apply to this product.
    pub fn apply(&self, before: &Fields, currency: &Currency) -> Result<Fields, String> {
        let mut after = before.clone();
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
            Operation::Reprice(reprice) => reprice.apply(&mut after.prices, currency)?,
        }
        Ok(after)
    }
}

/// The product's own fields that differ from `other`, as the preview and the change set page
/// show them (the variants' amounts are listed a line each: [`super::lines`]).
pub fn describe_fields(fields: &Fields, other: &Fields, categories: &[CategoryEntry]) -> String {
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
    parts.join("; ")
}

/// The money edit the form asks for: its amount field, change, rounding and compare-at choice.
fn parse_reprice(form: &BulkForm, currency: &Currency) -> Result<Reprice, String> {
    let value = form.value.trim();
    let field = PriceField::parse(&form.target).ok_or("Choose which amount to change.")?;
    let money_error =
        |e: crate::domain::money::MoneyError| crate::catalog::products::sentence(&e.to_string());
    let change = match form.operation.as_str() {
        "price_percent" => {
            let percent: Decimal = value
                .trim_end_matches('%')
                .trim()
                .parse()
                .map_err(|_| "Enter a percentage such as -10 or 5.".to_owned())?;
            if percent <= Decimal::from(-100) || percent > Decimal::from(1000) {
                return Err("Enter a percentage above -100 and up to 1000.".into());
            }
            PriceChange::Percent(percent)
        }
        "price_amount" => {
            PriceChange::Amount(Money::parse_signed(value, currency).map_err(money_error)?)
        }
        "price_set" => PriceChange::Set(Money::parse(value, currency).map_err(money_error)?),
        _ if field == PriceField::Price => {
            return Err("A price cannot be cleared; choose compare-at price or cost.".into());
        }
        _ => PriceChange::Clear,
    };
    let rounding = Rounding::parse(&form.rounding).ok_or("Choose a rounding from the list.")?;
    if rounding != Rounding::Exact && currency.exponent() < 2 {
        return Err(format!(
            "{} amounts have no cents, so they cannot be rounded to a price ending.",
            currency.code()
        ));
    }
    let keep_compare_at = form.keep_compare_at;
    if keep_compare_at && field != PriceField::Price {
        return Err("Keeping the old price as compare-at works only when prices change.".into());
    }
    Ok(Reprice {
        field,
        change,
        rounding,
        keep_compare_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::VariantId;

    fn fields() -> Fields {
        Fields {
            status: ProductStatus::Active,
            tags: "Summer, linen".into(),
            category_id: None,
            vendor: "A".into(),
            prices: vec![prices(1, 1999), prices(2, 2500)],
        }
    }

    fn prices(id: i64, price: i64) -> VariantPrices {
        VariantPrices {
            id: VariantId::new(id),
            label: String::new(),
            price,
            compare_at: None,
            cost: None,
            complete: true,
        }
    }

    fn form(operation: &str, value: &str, target: &str) -> BulkForm {
        BulkForm {
            operation: operation.into(),
            value: value.into(),
            target: target.into(),
            ..BulkForm::default()
        }
    }

    fn parse(form: &BulkForm, currency: &str) -> Result<Operation, String> {
        Operation::parse(form, &Currency::from_code(currency).unwrap(), &[])
    }

    #[test]
    fn percentage_changes_round_half_away_from_zero() {
        let usd = Currency::from_code("USD").unwrap();
        let after = parse(&form("price_percent", "-10", ""), "USD")
            .unwrap()
            .apply(&fields(), &usd)
            .unwrap();
        let new: Vec<i64> = after.prices.iter().map(|p| p.price).collect();
        assert_eq!(new, vec![1799, 2250]);
    }

    #[test]
    fn a_price_below_zero_is_refused_for_that_product() {
        let usd = Currency::from_code("USD").unwrap();
        let minus = parse(&form("price_amount", "-20", "price"), "USD").unwrap();
        assert!(minus.apply(&fields(), &usd).is_err());
    }

    #[test]
    fn money_edits_that_make_no_sense_are_refused_with_a_reason() {
        assert!(parse(&form("price_clear", "", "price"), "USD").is_err());
        assert!(parse(&form("price_clear", "", "cost"), "USD").is_ok());
        assert!(parse(&form("price_set", "5", "weight"), "USD").is_err());
        let mut rounded = form("price_percent", "-10", "price");
        rounded.rounding = "99".into();
        assert!(parse(&rounded, "USD").is_ok());
        assert!(parse(&rounded, "JPY").unwrap_err().contains("no cents"));
        let mut keep = form("price_percent", "-10", "cost");
        keep.keep_compare_at = true;
        assert!(parse(&keep, "USD").is_err());
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
