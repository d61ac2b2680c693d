//! A bulk edit of money: which of a variant's amounts it changes (price, compare-at price,
//! cost), how, the rounding to a price ending, and keeping the old price as compare-at.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::ids::VariantId;
use crate::domain::money::{Currency, Money};

/// One variant's amounts as a bulk edit reads and writes them, in minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantPrices {
    pub id: VariantId,
    /// The variant as people know it: its option values, else its SKU.
    #[serde(default)]
    pub label: String,
    pub price: i64,
    #[serde(default)]
    pub compare_at: Option<i64>,
    #[serde(default)]
    pub cost: Option<i64>,
    /// False for items recorded before compare-at and cost were kept: a revert writes back
    /// only their price.
    #[serde(skip_serializing, default = "yes")]
    pub complete: bool,
}

fn yes() -> bool {
    true
}

/// Reads the variants of a stored item: today's records, or the (variant id, price) pairs
/// that older change sets hold.
pub fn read_prices<'de, D: Deserializer<'de>>(reader: D) -> Result<Vec<VariantPrices>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Full(VariantPrices),
        Pair(VariantId, i64),
    }
    Ok(Vec::<Stored>::deserialize(reader)?
        .into_iter()
        .map(|stored| match stored {
            Stored::Full(prices) => prices,
            Stored::Pair(id, price) => VariantPrices {
                id,
                label: String::new(),
                price,
                compare_at: None,
                cost: None,
                complete: false,
            },
        })
        .collect())
}

/// Which amount of each variant an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceField {
    Price,
    CompareAt,
    Cost,
}

pub const PRICE_FIELDS: [(&str, &str); 3] = [
    ("price", "Price"),
    ("compare_at", "Compare-at price"),
    ("cost", "Cost per item"),
];

impl PriceField {
    pub fn parse(code: &str) -> Option<PriceField> {
        match code {
            "" | "price" => Some(PriceField::Price),
            "compare_at" => Some(PriceField::CompareAt),
            "cost" => Some(PriceField::Cost),
            _ => None,
        }
    }

    /// "prices", "compare-at prices", "costs": as a sentence names them.
    pub fn plural(self) -> &'static str {
        match self {
            PriceField::Price => "prices",
            PriceField::CompareAt => "compare-at prices",
            PriceField::Cost => "costs",
        }
    }

    fn get(self, v: &VariantPrices) -> Option<i64> {
        match self {
            PriceField::Price => Some(v.price),
            PriceField::CompareAt => v.compare_at,
            PriceField::Cost => v.cost,
        }
    }
}

/// How the amount changes.
#[derive(Debug, Clone)]
pub enum PriceChange {
    Percent(Decimal),
    Amount(Money),
    Set(Money),
    /// Compare-at and cost only: a price cannot be empty.
    Clear,
}

/// The price ending a new amount is rounded to, in hundredths of the major unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    Exact,
    /// .99
    Ends99,
    /// .95
    Ends95,
}

pub const ROUNDINGS: [(&str, &str); 3] = [
    ("", "No rounding"),
    ("99", "End in .99"),
    ("95", "End in .95"),
];

impl Rounding {
    pub fn parse(code: &str) -> Option<Rounding> {
        match code {
            "" => Some(Rounding::Exact),
            "99" => Some(Rounding::Ends99),
            "95" => Some(Rounding::Ends95),
            _ => None,
        }
    }

    pub fn hundredths(self) -> Option<i64> {
        match self {
            Rounding::Exact => None,
            Rounding::Ends99 => Some(99),
            Rounding::Ends95 => Some(95),
        }
    }

    /// The amount ending in this rounding's cents nearest to `minor` (the higher one on a tie,
    /// and never below zero). `exponent` is the currency's number of decimals, at least 2.
    pub fn apply(self, minor: i64, exponent: u32) -> i64 {
        let Some(hundredths) = self.hundredths() else {
            return minor;
        };
        let unit = 10_i64.pow(exponent);
        let ending = hundredths * 10_i64.pow(exponent.saturating_sub(2));
        let base = minor.div_euclid(unit) * unit;
        let (lower, upper) = (base - unit + ending, base + ending);
        if lower < 0 || (minor - lower) >= (upper - minor) {
            upper
        } else {
            lower
        }
    }
}

/// A whole money edit: the amount, its change, the rounding, and for prices whether the old
/// price becomes the compare-at price where the price goes down.
#[derive(Debug, Clone)]
pub struct Reprice {
    pub field: PriceField,
    pub change: PriceChange,
    pub rounding: Rounding,
    pub keep_compare_at: bool,
}

impl Reprice {
    pub fn describe(&self, currency: &Currency) -> String {
        let what = self.field.plural();
        let mut text = match &self.change {
            PriceChange::Percent(p) => format!("Change {what} by {p}%"),
            PriceChange::Amount(m) => format!("Change {what} by {}", m.format(currency)),
            PriceChange::Set(m) => format!("Set {what} to {}", m.format(currency)),
            PriceChange::Clear => format!("Clear {what}"),
        };
        if let Some(cents) = self.rounding.hundredths() {
            text.push_str(&format!(", rounded to end in .{cents}"));
        }
        if self.keep_compare_at {
            text.push_str(", keeping the old price as compare-at");
        }
        text
    }

    /// Changes every variant's amount; why not, if one would fall below zero.
    pub fn apply(&self, variants: &mut [VariantPrices], currency: &Currency) -> Result<(), String> {
        for variant in variants.iter_mut() {
            let old_price = variant.price;
            let new = self.changed(self.field.get(variant), currency)?;
            if new.is_some_and(|n| n < 0) {
                return Err(format!("{} would fall below zero", self.field.plural()));
            }
            match self.field {
                PriceField::Price => variant.price = new.unwrap_or(old_price),
                PriceField::CompareAt => variant.compare_at = new,
                PriceField::Cost => variant.cost = new,
            }
            if self.keep_compare_at && self.field == PriceField::Price && variant.price < old_price
            {
                variant.compare_at =
                    Some(variant.compare_at.map_or(old_price, |c| c.max(old_price)));
            }
        }
        Ok(())
    }

    /// The new amount from the old one (none when the variant has none and the change is
    /// relative, or when it is cleared).
    fn changed(&self, old: Option<i64>, currency: &Currency) -> Result<Option<i64>, String> {
        let to_minor = |m: Money| m.to_minor(currency).map_err(|e| e.to_string());
        let new = match (&self.change, old) {
            (PriceChange::Clear, _) => return Ok(None),
            (PriceChange::Set(amount), _) => to_minor(*amount)?,
            (_, None) => return Ok(None),
            (PriceChange::Percent(percent), Some(old)) => {
                let amount = Money::from_minor(old, currency).amount();
                to_minor(
                    Money::round(
                        amount * (Decimal::ONE_HUNDRED + percent) / Decimal::ONE_HUNDRED,
                        currency,
                    )
                    .map_err(|e| e.to_string())?,
                )?
            }
            (PriceChange::Amount(amount), Some(old)) => to_minor(
                Money::from_minor(old, currency)
                    .checked_add(*amount)
                    .map_err(|e| e.to_string())?,
            )?,
        };
        Ok(Some(if new < 0 {
            new
        } else {
            self.rounding.apply(new, currency.exponent())
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn variant(price: i64, compare_at: Option<i64>, cost: Option<i64>) -> VariantPrices {
        VariantPrices {
            id: VariantId::new(1),
            label: "S".into(),
            price,
            compare_at,
            cost,
            complete: true,
        }
    }

    #[test]
    fn rounding_takes_the_nearest_ending_and_never_goes_below_zero() {
        let r = Rounding::Ends99;
        assert_eq!(r.apply(1799, 2), 1799);
        assert_eq!(r.apply(1800, 2), 1799);
        assert_eq!(r.apply(1750, 2), 1799);
        assert_eq!(r.apply(1748, 2), 1699);
        assert_eq!(r.apply(20, 2), 99);
        assert_eq!(Rounding::Ends95.apply(1810, 2), 1795);
        assert_eq!(Rounding::Ends95.apply(1846, 2), 1895);
        assert_eq!(Rounding::Ends99.apply(17_500, 3), 17_990);
        assert_eq!(Rounding::Exact.apply(1234, 2), 1234);
    }

    #[test]
    fn a_markdown_can_keep_the_old_price_as_compare_at() {
        let usd = Currency::from_code("USD").unwrap();
        let edit = Reprice {
            field: PriceField::Price,
            change: PriceChange::Percent(dec!(-20)),
            rounding: Rounding::Ends99,
            keep_compare_at: true,
        };
        let mut variants = vec![
            variant(2500, None, Some(1000)),
            variant(2000, Some(3000), None),
        ];
        edit.apply(&mut variants, &usd).unwrap();
        assert_eq!(
            (variants[0].price, variants[0].compare_at),
            (1999, Some(2500))
        );
        // A higher compare-at price already there is kept.
        assert_eq!(
            (variants[1].price, variants[1].compare_at),
            (1599, Some(3000))
        );
        assert_eq!(variants[0].cost, Some(1000));
    }

    #[test]
    fn compare_at_and_cost_change_where_they_are_set_and_can_be_cleared() {
        let usd = Currency::from_code("USD").unwrap();
        let mut variants = vec![variant(2500, None, Some(1000)), variant(2000, None, None)];
        Reprice {
            field: PriceField::Cost,
            change: PriceChange::Percent(dec!(10)),
            rounding: Rounding::Exact,
            keep_compare_at: false,
        }
        .apply(&mut variants, &usd)
        .unwrap();
        assert_eq!((variants[0].cost, variants[1].cost), (Some(1100), None));
        Reprice {
            field: PriceField::Cost,
            change: PriceChange::Clear,
            rounding: Rounding::Exact,
            keep_compare_at: false,
        }
        .apply(&mut variants, &usd)
        .unwrap();
        assert_eq!((variants[0].cost, variants[0].price), (None, 2500));
    }

    #[test]
    fn older_items_read_as_prices_only() {
        let read: Vec<VariantPrices> =
            read_prices(&mut serde_json::Deserializer::from_str("[[7, 1999]]")).unwrap();
        assert_eq!((read[0].price, read[0].complete), (1999, false));
        let json = serde_json::to_string(&variant(1, Some(2), None)).unwrap();
        let read = read_prices(&mut serde_json::Deserializer::from_str(&format!(
            "[{json}]"
        )))
        .unwrap();
        assert_eq!(read, vec![variant(1, Some(2), None)]);
    }
}
