//! The stocktake rule. A line remembers what was on hand when it was counted; posting applies
//! the variance of that moment on top of the level as it is at posting. So stock that moves
//! while the count is open (a sale, a receipt) is neither lost nor counted twice: a unit sold
//! after its shelf was counted is not in the count and has already left on hand.

/// The change a counted line makes: what was counted less what was on hand when counting.
pub fn variance(counted: i64, expected: i64) -> i64 {
    counted - expected
}

/// On hand after posting the line, or `None` when more left after counting than the count
/// found (the line must be counted again).
pub fn after_posting(on_hand_now: i64, counted: i64, expected: i64) -> Option<i64> {
    let after = on_hand_now + variance(counted, expected);
    (after >= 0).then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movements_after_counting_stay_on_top_of_the_variance() {
        // Counted 8 when 10 were on hand: 2 missing.
        assert_eq!(variance(8, 10), -2);
        // Nothing moved since: on hand becomes the count.
        assert_eq!(after_posting(10, 8, 10), Some(8));
        // 3 sold after the shelf was counted: they are gone, and the 2 missing too.
        assert_eq!(after_posting(7, 8, 10), Some(5));
        // 5 received after counting: they are added, not lost.
        assert_eq!(after_posting(15, 8, 10), Some(13));
        // More found than expected.
        assert_eq!(after_posting(10, 12, 10), Some(12));
        // Everything left after the count found fewer: count again.
        assert_eq!(after_posting(1, 0, 5), None);
    }
}
