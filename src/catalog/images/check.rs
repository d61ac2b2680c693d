//! Checking an uploaded image: the format sniffed from the bytes (the file name and declared type
//! are not trusted), the whole image decoded within limits, and a JPEG thumbnail made.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use super::problem::UploadProblem;

pub use super::problem::{MAX_DIMENSION, MAX_IMAGE_BYTES, MAX_IMAGES, MAX_PIXELS};
const THUMBNAIL_SIZE: u32 = 160;

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
pub fn check_image(bytes: Vec<u8>) -> Result<CheckedImage, UploadProblem> {
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    let format = image::guess_format(&bytes).map_err(|_| UploadProblem::NotImage)?;
    let content_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        _ => return Err(UploadProblem::NotImage),
    };
    // The size from the header first: a small file can declare a huge image (an 8000 × 8000
    // PNG of one colour is 249 KB and 256 MB decoded).
    let (width, height) = ImageReader::with_format(Cursor::new(&bytes), format)
        .into_dimensions()
        .map_err(|_| UploadProblem::Damaged)?;
    if width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(UploadProblem::TooManyPixels);
    }
    let mut reader = ImageReader::with_format(Cursor::new(&bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    // Four bytes a pixel at most, and a little for the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => UploadProblem::TooManyPixels,
        _ => UploadProblem::Damaged,
    })?;
    let thumbnail = decoded.thumbnail(THUMBNAIL_SIZE, THUMBNAIL_SIZE).to_rgb8();
    let mut thumb_bytes = Vec::new();
    thumbnail
        .write_to(&mut Cursor::new(&mut thumb_bytes), ImageFormat::Jpeg)
        .map_err(|_| UploadProblem::Damaged)?;
    Ok(CheckedImage {
        content_type,
        width: decoded.width(),
        height: decoded.height(),
        sha256: hex::encode(Sha256::digest(&bytes)),
        data: bytes,
        thumbnail: thumb_bytes,
    })
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
    fn an_image_over_the_pixel_budget_is_refused_before_it_is_decoded() {
        // 7000 × 6000 = 42 megapixels, each side within the limit.
        let big = png(7000, 6000);
        assert!(big.len() < 1024 * 1024, "a small file");
        assert!(matches!(
            check_image(big),
            Err(UploadProblem::TooManyPixels)
        ));
        assert!(check_image(png(7999, 10)).is_ok());
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
