//! What the image forms send: the multipart upload, and the form under each image.

use actix_multipart::Multipart;
use futures_util::StreamExt;
use serde::Deserialize;

use super::check::MAX_IMAGE_BYTES;
use crate::error::AppError;

/// An upload as received: the file's bytes (not yet checked) and the alt text.
pub struct Upload {
    pub bytes: Vec<u8>,
    pub alt: String,
}

/// Reads the multipart body (`file`, optional `alt`), refusing a file over the size limit as it
/// streams in.
pub async fn read_upload(mut payload: Multipart) -> Result<Upload, AppError> {
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
    Ok(Upload { bytes, alt })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImageForm {
    pub alt: String,
    /// "up", "down" or "delete"; empty saves the alt text.
    pub action: String,
}

/// What the form under an image asks for.
pub enum ImageChange {
    /// Save this alt text (control characters dropped, at most 200 characters).
    Alt(String),
    MoveUp,
    MoveDown,
    Delete,
}

impl ImageForm {
    pub fn change(&self) -> ImageChange {
        match self.action.as_str() {
            "delete" => ImageChange::Delete,
            "up" => ImageChange::MoveUp,
            "down" => ImageChange::MoveDown,
            _ => ImageChange::Alt(self.alt_text()),
        }
        // (The page saves alt text with the product; "alt" here serves older pages and scripts.)
    }

    /// The alt text as it is saved (and recorded in the audit row, whatever the action).
    pub fn alt_text(&self) -> String {
        clean_alt(&self.alt)
    }
}

/// Alt text as it is saved: trimmed, without control characters, at most 200 characters.
pub fn clean_alt(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}
