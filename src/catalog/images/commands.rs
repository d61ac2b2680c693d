//! Image writes: each keeps the product's cover (through `refresh_derived`) and writes its audit
//! row in the same transaction.

use diesel::prelude::*;
use serde_json::json;

use super::check::{CheckedImage, MAX_IMAGES};
use super::forms::{ImageChange, clean_alt};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::products::{images_of, refresh_derived};
use crate::db::schema::{product_images, products};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ImageId, ProductId};
use crate::error::AppError;

/// What deleting an image asks first (the dialog on the product page and the page without
/// JavaScript).
pub const DELETE_QUESTION: &str =
    "Delete this image? It is removed from the product and cannot be restored.";

/// Inserts a checked image at `position`; returns its id. The caller refreshes the product.
pub fn store_image(
    conn: &mut DbConnection,
    product_id: ProductId,
    position: i64,
    alt: &str,
    image: &CheckedImage,
) -> QueryResult<ImageId> {
    diesel::insert_into(product_images::table)
        .values((
            product_images::product_id.eq(product_id),
            product_images::position.eq(position),
            product_images::alt.eq(alt),
            product_images::content_type.eq(image.content_type),
            product_images::width.eq(i64::from(image.width)),
            product_images::height.eq(i64::from(image.height)),
            product_images::byte_size.eq(image.data.len() as i64),
            product_images::sha256.eq(&image.sha256),
            product_images::data.eq(&image.data),
            product_images::thumbnail.eq(&image.thumbnail),
            product_images::created_at.eq(db::now()),
        ))
        .returning(product_images::id)
        .get_result(conn)
}

/// Adds an image after the product's others.
pub fn add_image(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: ProductId,
    alt: &str,
    image: &CheckedImage,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let exists: bool =
            diesel::select(diesel::dsl::exists(products::table.find(product_id))).get_result(c)?;
        if !exists {
            return Err(AppError::NotFound);
        }
        let count = queries::count(c, product_id)?;
        if count >= MAX_IMAGES {
            return Err(AppError::Validation(format!(
                "A product can have at most {MAX_IMAGES} images."
            )));
        }
        let image_id = store_image(c, product_id, count, alt, image)?;
        refresh_derived(c, product_id)?;
        let after = json!({ "image_id": image_id, "type": image.content_type, "width": image.width, "height": image.height, "alt": alt });
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "product",
                entity_id: Some(product_id.to_string()),
                action: "catalog.image_added",
                before: None,
                after: Some(after),
            },
        )
    })
}

/// Saves alt text, moves or deletes an image; returns the message for the person.
pub fn change_image(
    conn: &mut DbConnection,
    actor: &Actor,
    (product_id, image_id): (ProductId, ImageId),
    change: &ImageChange,
    alt: &str,
) -> Result<&'static str, AppError> {
    db::write(conn, |c| {
        let mut ids = images_of(c, product_id)?;
        let index = ids
            .iter()
            .position(|(id, _)| *id == image_id)
            .ok_or(AppError::NotFound)?;
        let (action, message) = match change {
            ImageChange::Delete => {
                diesel::delete(product_images::table.find(image_id)).execute(c)?;
                ids.remove(index);
                ("catalog.image_deleted", "Image deleted.")
            }
            ImageChange::MoveUp | ImageChange::MoveDown => {
                let to = if matches!(change, ImageChange::MoveUp) {
                    index.saturating_sub(1)
                } else {
                    (index + 1).min(ids.len() - 1)
                };
                let moved = ids.remove(index);
                ids.insert(to, moved);
                ("catalog.image_moved", "Image order saved.")
            }
            ImageChange::Alt(alt) => {
                diesel::update(product_images::table.find(image_id))
                    .set(product_images::alt.eq(alt))
                    .execute(c)?;
                ("catalog.image_updated", "Alt text saved.")
            }
        };
        for (position, (id, _)) in ids.iter().enumerate() {
            diesel::update(product_images::table.find(id))
                .set(product_images::position.eq(position as i64))
                .execute(c)?;
        }
        refresh_derived(c, product_id)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "product",
                entity_id: Some(product_id.to_string()),
                action,
                before: None,
                after: Some(json!({ "image_id": image_id, "alt": alt })),
            },
        )?;
        Ok(message)
    })
}

/// Saves the alt texts typed under a product's images, as part of saving the product (one
/// *Save* for the whole page). Only this product's images whose text changed are written, each
/// with its audit row; ids of other products' images are ignored.
pub fn save_alt_texts(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: ProductId,
    typed: &[(ImageId, String)],
) -> Result<(), AppError> {
    if typed.is_empty() {
        return Ok(());
    }
    db::write(conn, |c| {
        let current = images_of(c, product_id)?;
        for (image_id, text) in typed {
            let alt = clean_alt(text);
            let Some((_, old)) = current.iter().find(|(id, _)| id == image_id) else {
                continue;
            };
            if *old == alt {
                continue;
            }
            diesel::update(product_images::table.find(image_id))
                .set(product_images::alt.eq(&alt))
                .execute(c)?;
            audit::record(
                c,
                actor,
                Entry {
                    entity_type: "product",
                    entity_id: Some(product_id.to_string()),
                    action: "catalog.image_updated",
                    before: Some(json!({ "image_id": image_id, "alt": old })),
                    after: Some(json!({ "image_id": image_id, "alt": alt })),
                },
            )?;
        }
        Ok(())
    })
}
