//! A product's status.

/// Where a product stands: a draft (not in the shop), active (on sale), archived (out of the
/// shop, kept for past orders). Stored as its lowercase name.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "lowercase")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum ProductStatus {
    Draft,
    Active,
    Archived,
}

crate::text_enum!(ProductStatus);

impl ProductStatus {
    pub const ALL: [ProductStatus; 3] = [
        ProductStatus::Draft,
        ProductStatus::Active,
        ProductStatus::Archived,
    ];

    pub fn parse(text: &str) -> Option<ProductStatus> {
        match text.trim().to_ascii_lowercase().as_str() {
            "draft" => Some(ProductStatus::Draft),
            "active" => Some(ProductStatus::Active),
            "archived" => Some(ProductStatus::Archived),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Draft => "draft",
            ProductStatus::Active => "active",
            ProductStatus::Archived => "archived",
        }
    }

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

    pub fn label(self) -> &'static str {
        match self {
            ProductStatus::Draft => "Draft",
            ProductStatus::Active => "Active",
            ProductStatus::Archived => "Archived",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ProductStatus as S;

    #[test]
    fn a_product_may_move_between_any_statuses_and_reads_back_its_stored_name() {
        for from in S::ALL {
            for to in S::ALL {
                assert!(from.can_become(to), "{from:?} → {to:?}");
            }
            assert_eq!(S::parse(from.as_str()), Some(from));
        }
        assert_eq!(S::parse("deleted"), None);
    }
}
