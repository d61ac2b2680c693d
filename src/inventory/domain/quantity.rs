//! Quantities of stock as people type them: whole units, never more than a million at once.

/// The most units one level, adjustment or line may hold or move.
pub const MAX_QUANTITY: i64 = 1_000_000;

/// Why a typed quantity was refused; [`QuantityError::message`] says it to the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuantityError {
    Empty,
    NotWhole,
    Negative,
    Zero,
    TooLarge,
}

impl QuantityError {
    pub fn message(self) -> &'static str {
        match self {
            QuantityError::Empty => "Enter a number of units.",
            QuantityError::NotWhole => "Use a whole number of units, like 3.",
            QuantityError::Negative => "Can't be below zero.",
            QuantityError::Zero => "Enter a change other than zero.",
            QuantityError::TooLarge => "At most 1,000,000 units at a time.",
        }
    }
}

/// A whole number as typed: optional sign, digits, and thousands separators that are commas
/// between groups of three ("1,200"). "1.5", "1e3" and "3 units" are not quantities.
fn whole(text: &str) -> Result<i64, QuantityError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(QuantityError::Empty);
    }
    // A minus sign may be typed as a hyphen or as the real minus sign (U+2212).
    let (negative, digits) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits = digits.trim_start();
    let grouped = digits.contains(',');
    if grouped {
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or_default();
        let well_formed = (1..=3).contains(&first.len())
            && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(QuantityError::NotWhole);
        }
    }
    let plain: String = digits.chars().filter(|c| *c != ',').collect();
    if plain.is_empty() || !plain.bytes().all(|b| b.is_ascii_digit()) {
        return Err(QuantityError::NotWhole);
    }
    // Longer than any allowed quantity: too large, without overflowing a parse.
    if plain.trim_start_matches('0').len() > 7 {
        return Err(QuantityError::TooLarge);
    }
    let value: i64 = plain.parse().map_err(|_| QuantityError::NotWhole)?;
    if value > MAX_QUANTITY {
        return Err(QuantityError::TooLarge);
    }
    Ok(if negative { -value } else { value })
}

/// A change to a number of units, as typed ("-3", "+12", "0"): whole, at most
/// [`MAX_QUANTITY`] either way.
pub fn parse_change(text: &str) -> Result<i64, QuantityError> {
    whole(text)
}

/// A number of units held: 0 to [`MAX_QUANTITY`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(i64);

impl Quantity {
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        match whole(text)? {
            n if n < 0 => Err(QuantityError::Negative),
            n => Ok(Quantity(n)),
        }
    }

    /// A positive number of units (a line, a transfer, a reservation): 1 to [`MAX_QUANTITY`].
    pub fn parse_positive(text: &str) -> Result<Quantity, QuantityError> {
        match Quantity::parse(text)? {
            Quantity(0) => Err(QuantityError::Zero),
            q => Ok(q),
        }
    }

    /// A quantity the program itself names (at most [`MAX_QUANTITY`]).
    pub const fn new(units: u32) -> Quantity {
        let units = units as i64;
        Quantity(if units > MAX_QUANTITY {
            MAX_QUANTITY
        } else {
            units
        })
    }

    pub const fn get(self) -> i64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_whole_bounded_and_not_negative() {
        assert_eq!(Quantity::parse(" 12 ").map(Quantity::get), Ok(12));
        assert_eq!(Quantity::parse("1,200").map(Quantity::get), Ok(1200));
        assert_eq!(Quantity::parse("0").map(Quantity::get), Ok(0));
        assert_eq!(
            Quantity::parse("1000000").map(Quantity::get),
            Ok(MAX_QUANTITY)
        );
        assert_eq!(Quantity::parse(""), Err(QuantityError::Empty));
        assert_eq!(Quantity::parse("1.5"), Err(QuantityError::NotWhole));
        assert_eq!(Quantity::parse("2.0"), Err(QuantityError::NotWhole));
        assert_eq!(Quantity::parse("1e3"), Err(QuantityError::NotWhole));
        assert_eq!(Quantity::parse("12,00"), Err(QuantityError::NotWhole));
        assert_eq!(Quantity::parse("three"), Err(QuantityError::NotWhole));
        assert_eq!(Quantity::parse("-3"), Err(QuantityError::Negative));
        assert_eq!(Quantity::parse("1000001"), Err(QuantityError::TooLarge));
        assert_eq!(
            Quantity::parse("99999999999999999999999"),
            Err(QuantityError::TooLarge)
        );
        assert_eq!(Quantity::parse_positive("0"), Err(QuantityError::Zero));
        assert_eq!(parse_change("-3"), Ok(-3));
        assert_eq!(parse_change("\u{2212}1,000"), Ok(-1000));
        assert_eq!(parse_change("+12"), Ok(12));
        assert_eq!(parse_change("-1000001"), Err(QuantityError::TooLarge));
        assert_eq!(parse_change("-1.5"), Err(QuantityError::NotWhole));
    }
}
