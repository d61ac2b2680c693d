//! Product images: upload (JPEG, PNG or WebP; the content is sniffed and fully decoded, the file
//! name and declared type are not trusted), a thumbnail made here, storage in the database (so
//! backups and several instances just work), serving with an ETag and long caching, alt text,
//! order and deletion. The first image is the product's cover in the list.

use std::io::Cursor;

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use futures_util::StreamExt;
use image::{ImageFormat, ImageReader, Limits};
use serde::Deserialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{product_images, products};
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};

pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;
const MAX_DIMENSION: u32 = 8000;
const THUMBNAIL_SIZE: u32 = 160;
pub const MAX_IMAGES: i64 = 50;

/// A decoded, checked image ready to store.
pub struct CheckedImage {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub data: Vec<u8>,
    pub thumbnail: Vec<u8>,
    pub sha256: String,
}

/// Sniffs the format from the bytes, decodes the whole image within limits and makes a JPEG
/// thumbnail. Anything else is refused with a message for the person.
pub fn check_image(bytes: Vec<u8>) -> Result<CheckedImage, String> {
    if bytes.is_empty() {
        return Err("The file is empty.".into());
    }
    let format = image::guess_format(&bytes)
        .map_err(|_| "This is not a JPEG, PNG or WebP image.".to_owned())?;
    let content_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        _ => return Err("Use a JPEG, PNG or WebP image.".into()),
    };
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            format!("The image is larger than {MAX_DIMENSION} × {MAX_DIMENSION} pixels.")
        }
        _ => "The image could not be read; the file may be damaged.".to_owned(),
    })?;
    let thumbnail = decoded.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE).to_rgb8();
    let mut thumb_bytes = Vec::new();
    thumbnail
        .write_to(&mut Cursor::new(&mut thumb_bytes), ImageFormat::Jpeg)
        .map_err(|_| "The thumbnail could not be made.".to_owned())?;
    Ok(CheckedImage {
        content_type,
        width: decoded.width(),
        height: decoded.height(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        data: bytes,
        thumbnail: thumb_bytes,
    })
}

/// Keeps `products.cover_image_id` on the first image.
fn refresh_cover(conn: &mut DbConnection, product_id: i64) -> QueryResult<()> {
    let first: Option<i64> = product_images::table
        .filter(product_images::product_id.eq(product_id))
        .order((product_images::position.asc(), product_images::id.asc()))
        .select(product_images::id)
        .first(conn)
        .optional()?;
    diesel::update(products::table.find(product_id))
        .set(products::cover_image_id.eq(first))
        .execute(conn)?;
    Ok(())
}

fn product_path(product_id: i64) -> String {
    format!("/admin/products/{product_id}#images")
}

fn parse_ids(product: &str, image: Option<&str>) -> Result<(i64, Option<i64>), AppError> {
    let product = product.parse().map_err(|_| AppError::NotFound)?;
    let image = image
        .map(|i| i.parse().map_err(|_| AppError::NotFound))
        .transpose()?;
    Ok((product, image))
}

/// `POST /admin/products/{id}/images` (multipart: `file`, optional `alt`).
pub async fn upload_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    mut payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let (product_id, _) = parse_ids(&path, None)?;
    let mut bytes: Option<Vec<u8>> = None;
    let mut alt = String::new();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| {
            AppError::BadRequest("The upload could not be read. Choose the file again.".into())
        })?;
        let name = field.name().unwrap_or("").to_owned();
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| {
                AppError::BadRequest("The upload was interrupted. Choose the file again.".into())
            })?;
            if data.len() + chunk.len() > MAX_IMAGE_BYTES {
                return Err(AppError::PayloadTooLargeMessage(format!(
                    "The image is larger than {} MB. Use a smaller file.",
                    MAX_IMAGE_BYTES / 1024 / 1024
                )));
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => bytes = Some(data),
            "alt" => {
                alt = String::from_utf8_lossy(&data)
                    .trim()
                    .chars()
                    .take(200)
                    .collect()
            }
            _ => {}
        }
    }
    let bytes = bytes.ok_or_else(|| AppError::Validation("Choose an image to upload.".into()))?;
    let checked = web::block(move || check_image(bytes))
        .await
        .map_err(|_| AppError::Unexpected("image check cancelled".into()))?
        .map_err(AppError::Validation)?;
    db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let exists: bool = diesel::select(diesel::dsl::exists(products::table.find(product_id))).get_result(c)?;
            if !exists {
                return Err(AppError::NotFound);
            }
            let count: i64 = product_images::table.filter(product_images::product_id.eq(product_id)).count().get_result(c)?;
            if count >= MAX_IMAGES {
                return Err(AppError::Validation(format!("A product can have at most {MAX_IMAGES} images.")));
            }
            let image_id: i64 = diesel::insert_into(product_images::table)
                .values((
                    product_images::product_id.eq(product_id),
                    product_images::position.eq(count),
                    product_images::alt.eq(&alt),
                    product_images::content_type.eq(checked.content_type),
                    product_images::width.eq(i64::from(checked.width)),
                    product_images::height.eq(i64::from(checked.height)),
                    product_images::byte_size.eq(checked.data.len() as i64),
                    product_images::sha256.eq(&checked.sha256),
                    product_images::data.eq(&checked.data),
                    product_images::thumbnail.eq(&checked.thumbnail),
                    product_images::created_at.eq(db::now()),
                ))
                .returning(product_images::id)
                .get_result(c)?;
            refresh_cover(c, product_id)?;
            audit::record(c, &actor, Entry {
                entity_type: "product",
                entity_id: Some(product_id.to_string()),
                action: "catalog.image_added",
                before: None,
                after: Some(json!({ "image_id": image_id, "type": checked.content_type, "width": checked.width, "height": checked.height, "alt": alt })),
            })
        })
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &product_path(product_id),
        FlashMessage::success("Image added."),
    ))
}

/// Serves an image or its thumbnail: immutable content, so a long cache with an ETag.
async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    thumbnail: bool,
) -> Result<HttpResponse, AppError> {
    let (product_id, image_id) = parse_ids(&path.0, Some(&path.1))?;
    let image_id = image_id.ok_or(AppError::NotFound)?;
    let found: Option<(String, String, Vec<u8>)> = db::run(&state.pool, move |conn| {
        let query = product_images::table
            .filter(product_images::id.eq(image_id))
            .filter(product_images::product_id.eq(product_id));
        Ok(if thumbnail {
            query
                .select((
                    product_images::sha256,
                    product_images::content_type,
                    product_images::thumbnail,
                ))
                .first(conn)
                .optional()?
        } else {
            query
                .select((
                    product_images::sha256,
                    product_images::content_type,
                    product_images::data,
                ))
                .first(conn)
                .optional()?
        })
    })
    .await?;
    let (sha, content_type, bytes) = found.ok_or(AppError::NotFound)?;
    let etag = format!("\"{}{}\"", &sha[..32], if thumbnail { "-t" } else { "" });
    let cache = "private, max-age=31536000, immutable";
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let content_type = if thumbnail {
        "image/jpeg".to_owned()
    } else {
        content_type
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}

/// `GET /admin/products/{id}/images/{image}`
pub async fn show_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    serve(req, state, path, false).await
}

/// `GET /admin/products/{id}/images/{image}/thumbnail`
pub async fn show_thumbnail(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    serve(req, state, path, true).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImageForm {
    pub alt: String,
    /// "up", "down" or "delete"; empty saves the alt text.
    pub action: String,
}

/// `POST /admin/products/{id}/images/{image}`: alt text, move up or down, or delete.
pub async fn update_image(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    form: web::Form<ImageForm>,
) -> Result<HttpResponse, AppError> {
    let (product_id, image_id) = parse_ids(&path.0, Some(&path.1))?;
    let image_id = image_id.ok_or(AppError::NotFound)?;
    let form = form.into_inner();
    let alt: String = form
        .alt
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let message = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let mut ids: Vec<(i64, String)> = product_images::table
                .filter(product_images::product_id.eq(product_id))
                .order((product_images::position.asc(), product_images::id.asc()))
                .select((product_images::id, product_images::alt))
                .load(c)?;
            let index = ids
                .iter()
                .position(|(id, _)| *id == image_id)
                .ok_or(AppError::NotFound)?;
            let (action, message) = match form.action.as_str() {
                "delete" => {
                    diesel::delete(product_images::table.find(image_id)).execute(c)?;
                    ids.remove(index);
                    ("catalog.image_deleted", "Image deleted.")
                }
                "up" | "down" => {
                    let to = if form.action == "up" {
                        index.saturating_sub(1)
                    } else {
                        (index + 1).min(ids.len() - 1)
                    };
                    let moved = ids.remove(index);
                    ids.insert(to, moved);
                    ("catalog.image_moved", "Image order saved.")
                }
                _ => {
                    diesel::update(product_images::table.find(image_id))
                        .set(product_images::alt.eq(&alt))
                        .execute(c)?;
                    ("catalog.image_updated", "Alt text saved.")
                }
            };
            for (position, (id, _)) in ids.iter().enumerate() {
                diesel::update(product_images::table.find(id))
                    .set(product_images::position.eq(position as i64))
                    .execute(c)?;
            }
            refresh_cover(c, product_id)?;
            audit::record(
                c,
                &actor,
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
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &product_path(product_id),
        FlashMessage::success(message),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 80, 40]))
            .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_real_image_is_checked_and_thumbnailed() {
        let checked = check_image(png(640, 320)).unwrap();
        assert_eq!(checked.content_type, "image/png");
        assert_eq!((checked.width, checked.height), (640, 320));
        let thumb = image::load_from_memory(&checked.thumbnail).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (160, 80));
    }

    #[test]
    fn non_images_and_damaged_images_are_refused() {
        assert!(check_image(b"<svg onload=alert(1)>".to_vec()).is_err());
        assert!(check_image(b"GIF89a....".to_vec()).is_err());
        assert!(check_image(Vec::new()).is_err());
        let mut truncated = png(64, 64);
        truncated.truncate(60);
        assert!(check_image(truncated).is_err());
    }
}
