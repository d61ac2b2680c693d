//! A variant's amounts before and after an edit, a line each, with what a merchant should
//! notice: a price below cost, a compare-at price that is not above the price.

use super::operation::Fields;
use super::pricing::VariantPrices;
use crate::domain::money::{Currency, Money};

/// One variant whose price, compare-at price or cost changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantLine {
    pub label: String,
    pub before: String,
    pub after: String,
    pub warnings: Vec<String>,
}

impl VariantLine {
    pub fn below_cost(&self) -> bool {
        self.warnings.iter().any(|w| w.starts_with("Below cost"))
    }
}

/// The variants whose amounts differ between `before` and `after`, in order.
pub fn variant_lines(before: &Fields, after: &Fields, currency: &Currency) -> Vec<VariantLine> {
    after
        .prices
        .iter()
        .filter_map(|new| {
            let old = before.prices.iter().find(|old| old.id == new.id)?;
            (old != new).then(|| VariantLine {
                label: if new.label.is_empty() {
                    "Variant".into()
                } else {
                    new.label.clone()
                },
                before: amounts(old, new, currency),
                after: amounts(new, old, currency),
                warnings: warnings(new, currency),
            })
        })
        .collect()
}

/// The amounts of `these` that differ from `other`: "price $18.00; compare-at none".
fn amounts(these: &VariantPrices, other: &VariantPrices, currency: &Currency) -> String {
    let money = |minor: Option<i64>| {
        minor.map_or_else(|| "none".to_owned(), |m| Money::format_minor(m, currency))
    };
    let mut parts = Vec::new();
    if these.price != other.price {
        parts.push(format!("price {}", money(Some(these.price))));
    }
    if these.compare_at != other.compare_at {
        parts.push(format!("compare-at {}", money(these.compare_at)));
    }
    if these.cost != other.cost {
        parts.push(format!("cost {}", money(these.cost)));
    }
    parts.join("; ")
}

fn warnings(after: &VariantPrices, currency: &Currency) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(cost) = after.cost.filter(|cost| after.price < *cost) {
        warnings.push(format!(
            "Below cost ({})",
            Money::format_minor(cost, currency)
        ));
    }
    if after.compare_at.is_some_and(|c| c <= after.price) {
        warnings.push("Compare-at price not above the price".into());
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::domain::ProductStatus;
    use crate::domain::ids::VariantId;

    fn fields(price: i64, compare_at: Option<i64>, cost: Option<i64>) -> Fields {
        Fields {
            status: ProductStatus::Active,
            tags: String::new(),
            category_id: None,
            vendor: String::new(),
            prices: vec![
                VariantPrices {
                    id: VariantId::new(1),
                    label: "Blue / M".into(),
                    price,
                    compare_at,
                    cost,
                    complete: true,
                },
                VariantPrices {
                    id: VariantId::new(2),
                    label: "Red / M".into(),
                    price: 500,
                    compare_at: None,
                    cost: None,
                    complete: true,
                },
            ],
        }
    }

    #[test]
    fn each_changed_variant_is_a_line_with_its_warnings() {
        let usd = Currency::from_code("USD").unwrap();
        let lines = variant_lines(
            &fields(2000, None, Some(1500)),
            &fields(1400, Some(2000), Some(1500)),
            &usd,
        );
        assert_eq!(
            lines,
            vec![VariantLine {
                label: "Blue / M".into(),
                before: "price $20.00; compare-at none".into(),
                after: "price $14.00; compare-at $20.00".into(),
                warnings: vec!["Below cost ($15.00)".into()],
            }]
        );
        assert!(lines[0].below_cost());
        let same = variant_lines(&fields(1, None, None), &fields(1, None, None), &usd);
        assert!(same.is_empty());
        let flat = variant_lines(
            &fields(2000, None, None),
            &fields(2000, Some(2000), None),
            &usd,
        );
        assert_eq!(
            flat[0].warnings,
            vec!["Compare-at price not above the price"]
        );
    }
}
