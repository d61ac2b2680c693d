//! Typed ids: one type per table, so a variant's id cannot be passed where a location's is
//! expected. Each wraps the row's `BIGINT` id; it reads from a path segment or a form field
//! (serde, as the bare number), prints as the number, and goes into and out of diesel queries
//! as a `BigInt` (`db/ids.rs`).

/// Declares id types; see the module documentation.
macro_rules! id_types {
    ($($(#[$meta:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            serde::Serialize,
            serde::Deserialize,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        pub struct $name(i64);

        impl $name {
            /// The id of a row read as a bare number (from the database, a CSV file, a test).
            pub const fn new(id: i64) -> $name {
                $name(id)
            }

            pub const fn get(self) -> i64 {
                self.0
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<$name, Self::Err> {
                text.trim().parse().map($name)
            }
        }
    )+};
}

/// The one list of typed ids, handed to `$callback`: `id_types!` here declares them and
/// `db/ids.rs` maps them to `BigInt`, so a new table adds its id in this one place.
#[macro_export]
macro_rules! each_id_type {
    ($callback:ident) => {
        $callback!(
        /// A product (`products.id`).
        ProductId,
        /// A variant (`variants.id`).
        VariantId,
        /// A category (`categories.id`).
        CategoryId,
        /// A product image (`product_images.id`).
        ImageId,
        /// A staff account (`staff.id`).
        StaffId,
        /// A background job (`jobs.id`).
        JobId,
        /// A bulk edit's change set (`change_sets.id`).
        ChangeSetId,
        /// A CSV upload (`catalog_imports.id`).
        ImportId,
        /// A stock location (`locations.id`).
        LocationId,
        /// A reason a stock movement gives (`stock_reasons.id`).
        ReasonId,
        /// One row of the stock ledger (`stock_movements.id`).
        MovementId,
        /// A transfer between locations (`transfers.id`).
        TransferId,
        /// A supplier (`suppliers.id`).
        SupplierId,
        /// A purchase order (`purchase_orders.id`).
        PurchaseOrderId,
        /// A stocktake (`stock_counts.id`).
        CountId,
        /// An inventory CSV upload (`stock_imports.id`).
        StockImportId,
        /// A bearer token of the JSON API (`api_tokens.id`).
        ApiTokenId,
        /// A line of a transfer (`transfer_lines.id`).
        TransferLineId,
        /// A line of a purchase order (`purchase_order_lines.id`).
        PurchaseOrderLineId,
        /// A line of a stocktake (`stock_count_lines.id`).
        CountLineId,
        /// A customer (`customers.id`).
        CustomerId,
        /// One of a customer's addresses (`customer_addresses.id`).
        AddressId,
        /// A staff note on a customer (`customer_notes.id`).
        NoteId,
        /// An order (`orders.id`): reserved for the orders area; inventory's reservations take it.
        OrderId,

        );
    };
}

crate::each_id_type!(id_types);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_from_text_and_prints_as_its_number() {
        let id: ProductId = " 42 ".parse().unwrap();
        assert_eq!(id, ProductId::new(42));
        assert_eq!(id.to_string(), "42");
        assert!("x".parse::<ProductId>().is_err());
        let from_json: VariantId = serde_json::from_str("7").unwrap();
        assert_eq!(from_json.get(), 7);
    }
}
