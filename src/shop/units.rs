//! How the shop shows times and weights: the two display choices of the Settings page.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

crate::text_enum! {
    /// How times are shown on every page.
    pub enum TimeDisplay {
        /// "Nov 21, 2026 14:05 CET": the exact time with its zone.
        Zone = ("zone", "Exact, with the time zone"),
        /// "3 hours ago", with the exact time on hover.
        Relative = ("relative", "Relative (\u{201c}3 hours ago\u{201d}), exact on hover"),
    }
}

crate::text_enum! {
    /// The unit weights are typed and shown in. Weights are stored in whole grams whatever the
    /// unit, so changing it never changes a stored weight.
    pub enum WeightUnit {
        Grams = ("g", "Grams (g)"),
        Kilograms = ("kg", "Kilograms (kg)"),
        Ounces = ("oz", "Ounces (oz)"),
        Pounds = ("lb", "Pounds (lb)"),
    }
}

/// The heaviest weight a variant may have: 1,000 kg.
const MAX_GRAMS: i64 = 1_000_000;

impl WeightUnit {
    /// Grams in one unit, exactly (the pound is 453.59237 g by definition).
    fn grams(self) -> Decimal {
        match self {
            WeightUnit::Grams => Decimal::ONE,
            WeightUnit::Kilograms => Decimal::new(1000, 0),
            WeightUnit::Ounces => Decimal::new(28_349_523_125, 9),
            WeightUnit::Pounds => Decimal::new(45_359_237, 5),
        }
    }

    /// Decimals shown: enough to give back the grams typed, within a gram.
    fn decimals(self) -> u32 {
        match self {
            WeightUnit::Grams => 0,
            WeightUnit::Kilograms => 3,
            WeightUnit::Ounces | WeightUnit::Pounds => 2,
        }
    }

    /// The unit's symbol: "kg".
    pub fn symbol(self) -> &'static str {
        self.as_str()
    }

    /// A stored weight in this unit, for a form field: 1500 g → "1.5" (kg).
    pub fn show(self, grams: i64) -> String {
        let value = (Decimal::from(grams) / self.grams())
            .round_dp_with_strategy(self.decimals(), RoundingStrategy::MidpointAwayFromZero);
        value.normalize().to_string()
    }

    /// A typed weight in this unit, as whole grams (rounded to the nearest gram).
    pub fn to_grams(self, text: &str) -> Result<i64, String> {
        let bad = || {
            format!(
                "Enter the weight in {}, up to {} {}.",
                self.plural(),
                self.show(MAX_GRAMS),
                self.symbol()
            )
        };
        let value: Decimal = text.trim().parse().map_err(|_| bad())?;
        let grams = (value * self.grams())
            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
            .to_i64()
            .ok_or_else(bad)?;
        if (0..=MAX_GRAMS).contains(&grams) {
            Ok(grams)
        } else {
            Err(bad())
        }
    }

    fn plural(self) -> &'static str {
        match self {
            WeightUnit::Grams => "grams",
            WeightUnit::Kilograms => "kilograms",
            WeightUnit::Ounces => "ounces",
            WeightUnit::Pounds => "pounds",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_through_every_unit() {
        assert_eq!(WeightUnit::Kilograms.show(1500), "1.5");
        assert_eq!(WeightUnit::Kilograms.to_grams("1.5"), Ok(1500));
        assert_eq!(WeightUnit::Pounds.to_grams("1"), Ok(454));
        assert_eq!(WeightUnit::Pounds.show(454), "1");
        assert_eq!(WeightUnit::Ounces.to_grams("16"), Ok(454));
        assert_eq!(WeightUnit::Grams.to_grams(" 80 "), Ok(80));
        assert!(WeightUnit::Grams.to_grams("80.4").is_ok());
        assert!(WeightUnit::Kilograms.to_grams("1001").is_err());
        assert!(WeightUnit::Grams.to_grams("-1").is_err());
        assert!(WeightUnit::Pounds.to_grams("heavy").is_err());
        // What is shown parses back to the grams stored, within half a shown step (0.005 lb is
        // 2.3 g), for every weight a form can hold.
        for unit in WeightUnit::ALL {
            for grams in (0..=MAX_GRAMS).step_by(997) {
                let shown = unit.show(grams);
                let back = unit.to_grams(&shown).unwrap();
                assert!(
                    (back - grams).abs() <= 3,
                    "{unit:?} {grams} → {shown} → {back}"
                );
            }
        }
    }
}
