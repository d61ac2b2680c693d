//! A product's derived columns, kept by one function: every writer of a product or of its
//! parts (the form, bulk edits and their revert, the CSV import, images, demo data) calls
//! [`refresh_derived`] in its own transaction, so the list, the filters and the search never
//! disagree with the variants, images and tags they summarise.

use diesel::prelude::*;

use crate::catalog::domain::{ProductStatus, parse_tags, tag_key};
use crate::catalog::search;
use crate::db::DbConnection;
use crate::db::schema::{product_images, product_tags, products, variants};
use crate::domain::ids::{ImageId, ProductId};
use crate::error::AppError;

/// Recomputes the price range and variant count (from the variants), the cover image (the
/// first image), `ever_active` (once active, always), the tag rows (from the tags text) and the
/// search entry.
pub fn refresh_derived(conn: &mut DbConnection, product_id: ProductId) -> Result<(), AppError> {
    let prices: Vec<i64> = variants::table
        .filter(variants::product_id.eq(product_id))
        .select(variants::price)
        .load(conn)?;
    let cover: Option<ImageId> = product_images::table
        .filter(product_images::product_id.eq(product_id))
        .order((product_images::position.asc(), product_images::id.asc()))
        .select(product_images::id)
        .first(conn)
        .optional()?;
    let (status, tags, ever_active): (ProductStatus, String, bool) = products::table
        .find(product_id)
        .select((products::status, products::tags, products::ever_active))
        .first(conn)?;
    diesel::update(products::table.find(product_id))
        .set((
            products::min_price.eq(prices.iter().copied().min().unwrap_or(0)),
            products::max_price.eq(prices.iter().copied().max().unwrap_or(0)),
            products::variant_count.eq(prices.len() as i64),
            products::cover_image_id.eq(cover),
            products::ever_active.eq(ever_active || status == ProductStatus::Active),
        ))
        .execute(conn)?;
    replace_tags(conn, product_id, &parse_tags(&tags).unwrap_or_default())?;
    search::index_product(conn, product_id)?;
    Ok(())
}

/// Replaces a product's tag rows (used by the list's tag filter).
fn replace_tags(
    conn: &mut DbConnection,
    product_id: ProductId,
    tags: &[String],
) -> QueryResult<()> {
    diesel::delete(product_tags::table.filter(product_tags::product_id.eq(product_id)))
        .execute(conn)?;
    let mut keys: Vec<String> = tags.iter().map(|t| tag_key(t)).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        diesel::insert_into(product_tags::table)
            .values((
                product_tags::tag.eq(key),
                product_tags::product_id.eq(product_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}
