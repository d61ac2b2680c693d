//! The cost per item after a receipt: the weighted average of what was held and what arrived.
//!
//! Rule: `new = (on_hand × current + received × unit_cost) / (on_hand + received)`, in minor
//! units (cents), rounded to the nearest minor unit with halves rounded up. `on_hand` is the
//! variant's stock at every location before the receipt. With no current cost, or nothing on
//! hand (none, or fewer than zero), the new cost is the receipt's unit cost.

/// The cost per item after receiving `received` units at `unit_cost`.
pub fn weighted_average(on_hand: i64, current: Option<i64>, received: i64, unit_cost: i64) -> i64 {
    match current {
        _ if received <= 0 => current.unwrap_or(unit_cost),
        Some(current) if on_hand > 0 => {
            let held = i128::from(on_hand) * i128::from(current);
            let arrived = i128::from(received) * i128::from(unit_cost);
            let units = i128::from(on_hand) + i128::from(received);
            // Halves round up: (2n + d) / 2d for n ≥ 0.
            let rounded = (2 * (held + arrived) + units) / (2 * units);
            i64::try_from(rounded).unwrap_or(i64::MAX)
        }
        _ => unit_cost,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_is_the_average_weighted_by_units() {
        // 10 at 4.00 and 30 at 6.00: (40 + 180) / 40 = 5.50.
        assert_eq!(weighted_average(10, Some(400), 30, 600), 550);
        // 3 at 1.00 and 1 at 2.00: 5 / 4 = 1.25.
        assert_eq!(weighted_average(3, Some(100), 1, 200), 125);
        // 2 at 0.01 and 1 at 0.02: 0.04 / 3 = 0.0133… → 0.01.
        assert_eq!(weighted_average(2, Some(1), 1, 2), 1);
        // A half rounds up: 1 at 0.01 and 1 at 0.02 → 0.015 → 0.02.
        assert_eq!(weighted_average(1, Some(1), 1, 2), 2);
        // Nothing held, or no cost yet: the receipt's cost.
        assert_eq!(weighted_average(0, Some(999), 5, 300), 300);
        assert_eq!(weighted_average(-2, Some(999), 5, 300), 300);
        assert_eq!(weighted_average(7, None, 5, 300), 300);
        // Nothing received: unchanged.
        assert_eq!(weighted_average(7, Some(450), 0, 300), 450);
        // Large figures do not overflow.
        let big = i64::MAX / 2_000_000;
        assert_eq!(
            weighted_average(1_000_000, Some(big), 1_000_000, 0),
            (big + 1) / 2
        );
    }
}
