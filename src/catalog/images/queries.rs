//! Image reads.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::product_images;
use crate::domain::ids::{ImageId, ProductId};

/// An image's stored bytes (or its thumbnail's): (sha256, content type, bytes).
pub fn content(
    conn: &mut DbConnection,
    product_id: ProductId,
    image_id: ImageId,
    thumbnail: bool,
) -> QueryResult<Option<(String, String, Vec<u8>)>> {
    let query = product_images::table
        .filter(product_images::id.eq(image_id))
        .filter(product_images::product_id.eq(product_id));
    if thumbnail {
        query
            .select((
                product_images::sha256,
                product_images::content_type,
                product_images::thumbnail,
            ))
            .first(conn)
            .optional()
    } else {
        query
            .select((
                product_images::sha256,
                product_images::content_type,
                product_images::data,
            ))
            .first(conn)
            .optional()
    }
}

pub fn count(conn: &mut DbConnection, product_id: ProductId) -> QueryResult<i64> {
    product_images::table
        .filter(product_images::product_id.eq(product_id))
        .count()
        .get_result(conn)
}
