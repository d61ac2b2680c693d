//! Exact money. Amounts are [`Decimal`] in code and `BIGINT` minor units (cents, pence, yen) in
//! the database, in the shop's single currency. `f64` never touches money.
//!
//! **Rounding rule** (the only one in Backroom): a computed amount — a percentage change, a share
//! of a discount — is rounded to the currency's minor unit, half away from zero
//! (`2.345 → 2.35`, `-2.345 → -2.35`). Amounts typed by people are never rounded: more decimals
//! than the currency has is an error.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// A currency with its minor-unit exponent (USD 2, JPY 0, KWD 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    code: &'static str,
    exponent: u32,
    symbol: String,
}

impl Currency {
    /// Looks up an ISO 4217 code such as `USD`.
    pub fn from_code(code: &str) -> Result<Currency, MoneyError> {
        let iso = iso_currency::Currency::from_code(&code.trim().to_ascii_uppercase())
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))?;
        let exponent = iso
            .exponent()
            .ok_or_else(|| MoneyError::UnknownCurrency(code.to_owned()))?;
        Ok(Currency {
            code: iso.code(),
            exponent: u32::from(exponent),
            symbol: iso.symbol().symbol,
        })
    }

    /// Every ISO 4217 currency a shop can price in, as (code, name), sorted by code. Funds,
    /// precious metals and the testing codes have no minor unit and are left out.
    pub fn choices() -> &'static [(&'static str, String)] {
        use iso_currency::IntoEnumIterator;
        static CHOICES: std::sync::OnceLock<Vec<(&'static str, String)>> =
            std::sync::OnceLock::new();
        CHOICES.get_or_init(|| {
            let mut all: Vec<_> = iso_currency::Currency::iter()
                .filter(|c| c.exponent().is_some() && !matches!(c.code(), "XTS" | "XXX"))
                .map(|c| (c.code(), c.name().to_owned()))
                .collect();
            all.sort_unstable();
            all
        })
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Number of decimal places of the minor unit.
    pub fn exponent(&self) -> u32 {
        self.exponent
    }
}

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("enter an amount")]
    Empty,
    #[error("enter an amount as a number, such as 12.50")]
    Malformed,
    #[error("use at most {0} decimal places")]
    TooPrecise(u32),
    #[error("the amount is too large")]
    OutOfRange,
    #[error("the amount cannot be negative")]
    Negative,
    #[error("unknown currency {0}")]
    UnknownCurrency(String),
}

/// An exact amount in the shop currency, always a whole number of minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// The largest amount accepted: far above any price, far below `i64` minor units for every
/// currency exponent (even 4 decimals), so sums of many amounts cannot overflow.
pub const MAX_UNITS: i64 = 1_000_000_000_000;

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Reads minor units from the database.
    pub fn from_minor(minor: i64, currency: &Currency) -> Money {
        Money(Decimal::new(minor, currency.exponent))
    }

    /// The amount in minor units, for storage. Fails only for an amount that could never have
    /// been built by this module's constructors.
    pub fn to_minor(self, currency: &Currency) -> Result<i64, MoneyError> {
        let scaled = self
            .0
            .checked_mul(Decimal::from(10_i64.pow(currency.exponent)))
            .ok_or(MoneyError::OutOfRange)?;
        if scaled.fract() != Decimal::ZERO {
            return Err(MoneyError::TooPrecise(currency.exponent));
        }
        i64::try_from(scaled).map_err(|_| MoneyError::OutOfRange)
    }

    /// Parses an amount typed by a person: `12`, `12.5`, `1,234.50`, `$12.50`. Negative amounts
    /// are refused (prices, costs); see [`Money::parse_signed`].
    pub fn parse(text: &str, currency: &Currency) -> Result<Money, MoneyError> {
        let money = Money::parse_signed(text, currency)?;
        if money.0.is_sign_negative() && !money.0.is_zero() {
            return Err(MoneyError::Negative);
        }
        Ok(money)
    }

    /// Like [`Money::parse`] but accepts a leading minus sign (adjustments, differences).
    pub fn parse_signed(text: &str, currency: &Currency) -> Result<Money, MoneyError> {
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(MoneyError::Empty);
        }
        let negative = rest.starts_with('-');
        if negative {
            rest = rest[1..].trim_start();
        }
        rest = rest.strip_prefix(currency.symbol.as_str()).unwrap_or(rest);
        rest = rest
            .strip_prefix(currency.code)
            .unwrap_or(rest)
            .trim_start();
        let (whole, fraction) = match rest.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (rest, None),
        };
        let whole = strip_grouping(whole).ok_or(MoneyError::Malformed)?;
        if whole.is_empty() && fraction.is_none_or(str::is_empty) {
            return Err(MoneyError::Malformed);
        }
        let fraction = fraction.unwrap_or("");
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return Err(MoneyError::Malformed);
        }
        let fraction_digits = fraction.trim_end_matches('0');
        if fraction_digits.len() > currency.exponent as usize {
            return Err(MoneyError::TooPrecise(currency.exponent));
        }
        // Leading zeros beyond what i64 can hold would fail below; strip them so "0000012" works.
        let whole_digits = whole.trim_start_matches('0');
        if whole_digits.len() > 13 {
            return Err(MoneyError::OutOfRange);
        }
        let units: i64 = if whole_digits.is_empty() {
            0
        } else {
            whole_digits.parse().map_err(|_| MoneyError::OutOfRange)?
        };
        if units > MAX_UNITS {
            return Err(MoneyError::OutOfRange);
        }
        let mut minor_fraction = fraction_digits.to_owned();
        while minor_fraction.len() < currency.exponent as usize {
            minor_fraction.push('0');
        }
        let fraction_minor: i64 = if minor_fraction.is_empty() {
            0
        } else {
            minor_fraction.parse().map_err(|_| MoneyError::Malformed)?
        };
        let minor = units
            .checked_mul(10_i64.pow(currency.exponent))
            .and_then(|m| m.checked_add(fraction_minor))
            .ok_or(MoneyError::OutOfRange)?;
        Ok(Money::from_minor(
            if negative { -minor } else { minor },
            currency,
        ))
    }

    /// Rounds a computed amount to the minor unit by the module's rule (half away from zero).
    pub fn round(amount: Decimal, currency: &Currency) -> Result<Money, MoneyError> {
        let rounded = amount
            .round_dp_with_strategy(currency.exponent, RoundingStrategy::MidpointAwayFromZero);
        let money = Money(rounded);
        money.check_range()?;
        Ok(money)
    }

    pub fn amount(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        let sum = Money(self.0.checked_add(other.0).ok_or(MoneyError::OutOfRange)?);
        sum.check_range()?;
        Ok(sum)
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        let difference = Money(self.0.checked_sub(other.0).ok_or(MoneyError::OutOfRange)?);
        difference.check_range()?;
        Ok(difference)
    }

    /// Multiplies by a whole quantity (a line total).
    pub fn times(self, quantity: i64) -> Result<Money, MoneyError> {
        let product = Money(
            self.0
                .checked_mul(Decimal::from(quantity))
                .ok_or(MoneyError::OutOfRange)?,
        );
        product.check_range()?;
        Ok(product)
    }

    fn check_range(self) -> Result<(), MoneyError> {
        if self.0.abs() > Decimal::from(MAX_UNITS) {
            return Err(MoneyError::OutOfRange);
        }
        Ok(())
    }

    /// `$1,234.50`, `-€3.00`, `¥1,200`; the code follows when the currency has no symbol.
    pub fn format(self, currency: &Currency) -> String {
        let text = self.plain(currency);
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        with_symbol(negative, currency, |out| out.push_str(digits))
    }

    /// The exact decimal string of an amount in minor units, as the JSON API writes money:
    /// no grouping, no symbol, exactly the currency's decimals (`1234.50`, `-3.00`, `1200`).
    pub fn exact_minor(minor: i64, currency: &Currency) -> String {
        format!(
            "{:.*}",
            currency.exponent as usize,
            Money::from_minor(minor, currency).0
        )
    }

    /// The amount with grouping and exactly the currency's decimals, no symbol: `1,234.50`.
    pub fn plain(self, currency: &Currency) -> String {
        let fixed = format!("{:.*}", currency.exponent as usize, self.0);
        let (sign, unsigned) = match fixed.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", fixed.as_str()),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (unsigned, None),
        };
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        push_grouped(whole, &mut grouped);
        match fraction {
            Some(f) => format!("{sign}{grouped}.{f}"),
            None => format!("{sign}{grouped}"),
        }
    }

    /// Same as [`Money::format`] for an amount in minor units, written straight from the
    /// integer: the product list formats a hundred prices per page, and going through `Decimal`
    /// and three temporary strings was a twentieth of its CPU time.
    pub fn format_minor(minor: i64, currency: &Currency) -> String {
        with_symbol(minor < 0, currency, |out| {
            write_grouped_minor(minor.unsigned_abs(), currency.exponent, out)
        })
    }

    /// The amount for a form field: no grouping, no symbol, exact decimals (`1234.50`).
    pub fn input_value(self, currency: &Currency) -> String {
        format!("{:.*}", currency.exponent as usize, self.0)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Appends a run of digits with a comma between groups of three: `1234567` → `1,234,567`.
fn push_grouped(digits: &str, out: &mut String) {
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
}

/// The sign, then the symbol before the digits (`-$1,234.50`), or the code after them when the
/// currency has no symbol of its own (`-1,234.50 CHF`).
fn with_symbol(negative: bool, currency: &Currency, digits: impl FnOnce(&mut String)) -> String {
    let mut out = String::with_capacity(24);
    if negative {
        out.push('-');
    }
    let symbol_first = !(currency.symbol.is_empty() || currency.symbol == currency.code);
    if symbol_first {
        out.push_str(&currency.symbol);
    }
    digits(&mut out);
    if !symbol_first {
        out.push(' ');
        out.push_str(currency.code);
    }
    out
}

/// Writes `amount` minor units as `1,234.50` (grouped whole part, exactly `exponent` decimals).
fn write_grouped_minor(amount: u64, exponent: u32, out: &mut String) {
    let unit = 10_u64.pow(exponent);
    let (whole, fraction) = (amount / unit, amount % unit);
    push_grouped(&whole.to_string(), out);
    if exponent > 0 {
        out.push('.');
        let fraction = fraction.to_string();
        for _ in fraction.len()..exponent as usize {
            out.push('0');
        }
        out.push_str(&fraction);
    }
}

/// Removes thousands separators, accepting them only in groups of three: `1,234` but not `12,34`.
fn strip_grouping(whole: &str) -> Option<String> {
    if !whole.contains(',') {
        return whole
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| whole.to_owned());
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let (first, rest) = groups.split_first()?;
    let valid = !first.is_empty()
        && first.len() <= 3
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    valid.then(|| groups.concat())
}
