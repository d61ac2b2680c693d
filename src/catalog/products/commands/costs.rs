//! Costs per item set by receiving stock (inventory's weighted average): the variants and
//! their products, written by the products' one writer so that an open product form sees the
//! change as a newer version instead of overwriting it.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::schema::{products, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ProductId, VariantId};
use crate::error::AppError;

/// Sets each variant's cost (minor units) in the caller's transaction; a product whose
/// variants' costs changed moves to its next version. The caller writes the audit row.
pub fn set_variant_costs(
    conn: &mut DbConnection,
    actor: &Actor,
    costs: &[(VariantId, i64)],
) -> Result<(), AppError> {
    let mut touched: Vec<ProductId> = Vec::new();
    for (variant, cost) in costs {
        let product: Option<(ProductId, Option<i64>)> = variants::table
            .find(*variant)
            .select((variants::product_id, variants::cost))
            .first(conn)
            .optional()?;
        let Some((product, before)) = product else {
            continue;
        };
        if before == Some(*cost) {
            continue;
        }
        diesel::update(variants::table.find(*variant))
            .set(variants::cost.eq(Some(*cost)))
            .execute(conn)?;
        if !touched.contains(&product) {
            touched.push(product);
        }
    }
    let now = db::now();
    for product in touched {
        diesel::update(products::table.find(product))
            .set((
                products::version.eq(products::version + 1),
                products::updated_by.eq(&actor.label),
                products::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}
