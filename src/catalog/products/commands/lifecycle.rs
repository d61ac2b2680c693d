//! Archiving and deleting a product.

use diesel::prelude::*;
use serde_json::json;

use super::snapshot::snapshot;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::domain::ProductStatus;
use crate::catalog::products::queries;
use crate::catalog::search;
use crate::db::schema::products;
use crate::db::{self, DbConnection};
use crate::domain::ids::ProductId;
use crate::error::AppError;

/// Why a product that was once active cannot be deleted.
pub const ON_SALE_BEFORE: &str =
    "This product has been on sale, so orders may refer to it. Archive it instead of deleting it.";

/// Archives a product (it stays on past orders and in reports, out of the shop).
pub fn archive_product(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: ProductId,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let product = queries::find(c, product_id)?.ok_or(AppError::NotFound)?;
        diesel::update(products::table.find(product_id))
            .set((
                products::status.eq(ProductStatus::Archived),
                products::version.eq(product.version + 1),
                products::updated_by.eq(&actor.label),
                products::updated_at.eq(db::now()),
            ))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "product",
                entity_id: Some(product_id.to_string()),
                action: "catalog.product_archived",
                before: Some(json!({ "status": product.status })),
                after: Some(json!({ "status": "archived" })),
            },
        )
    })
}

/// Deletes a product that was never active (so never on an order); others must be archived.
pub fn delete_product(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: ProductId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let product = queries::find(c, product_id)?.ok_or(AppError::NotFound)?;
        if product.ever_active {
            return Err(AppError::Conflict(ON_SALE_BEFORE.into()));
        }
        let variants = queries::variants_of(c, product_id)?;
        let ids: Vec<_> = variants.iter().map(|v| v.id).collect();
        if let Some(reason) = crate::hooks::variants_kept(c, &ids)? {
            return Err(AppError::Conflict(reason));
        }
        search::remove_product(c, product_id)?;
        diesel::delete(products::table.find(product_id)).execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "product",
                entity_id: Some(product_id.to_string()),
                action: "catalog.product_deleted",
                before: Some(snapshot(&product, &variants)),
                after: None,
            },
        )?;
        Ok(product.title)
    })
}
