//! A product's status.

crate::text_enum! {
    /// Where a product stands: a draft (not in the shop), active (on sale), archived (out of the
    /// shop, kept for past orders).
    pub enum ProductStatus {
        Draft = ("draft", "Draft"),
        Active = ("active", "Active"),
        Archived = ("archived", "Archived"),
    }
}

impl ProductStatus {
    /// The moves a merchant may make: any status to any other (an archived product can be
    /// brought back as a draft). What a delete allows is decided by `ever_active`, not here.
    const TRANSITIONS: [(ProductStatus, ProductStatus); 6] = [
        (ProductStatus::Draft, ProductStatus::Active),
        (ProductStatus::Draft, ProductStatus::Archived),
        (ProductStatus::Active, ProductStatus::Draft),
        (ProductStatus::Active, ProductStatus::Archived),
        (ProductStatus::Archived, ProductStatus::Draft),
        (ProductStatus::Archived, ProductStatus::Active),
    ];

    pub fn can_become(self, next: ProductStatus) -> bool {
        self == next || Self::TRANSITIONS.contains(&(self, next))
    }
}

#[cfg(test)]
mod tests {
    use super::ProductStatus as S;

    #[test]
    fn a_product_may_move_between_any_statuses_and_reads_back_its_stored_name() {
        for &from in S::ALL {
            for &to in S::ALL {
                assert!(from.can_become(to), "{from:?} → {to:?}");
            }
            assert_eq!(S::parse(from.as_str()), Some(from));
        }
        assert_eq!(S::parse("deleted"), None);
    }
}
