//! The variant a typed or scanned code names: its SKU (any case) or its barcode. Transfers,
//! purchase orders and stocktakes read pasted lines through it.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::variants;
use crate::domain::ids::VariantId;

#[derive(Debug, Clone)]
pub struct CodedVariant {
    pub id: VariantId,
    pub sku: String,
    pub tracked: bool,
    /// Cost per item in minor units, if it has one.
    pub cost: Option<i64>,
}

pub fn variant_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CodedVariant>> {
    Ok(variants::table
        .filter(
            variants::sku_key
                .eq(code.to_ascii_uppercase())
                .or(variants::barcode.eq(code)),
        )
        .select((
            variants::id,
            variants::sku,
            variants::track_inventory,
            variants::cost,
        ))
        .first::<(VariantId, String, bool, Option<i64>)>(conn)
        .optional()?
        .map(|(id, sku, tracked, cost)| CodedVariant {
            id,
            sku,
            tracked,
            cost,
        }))
}
