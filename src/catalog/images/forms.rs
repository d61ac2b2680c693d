//! What the image forms send: the multipart upload, and the form under each image.

use actix_multipart::Multipart;
use actix_web::HttpRequest;
use futures_util::StreamExt;
use serde::Deserialize;

use super::check::MAX_IMAGE_BYTES;
use super::problem::UploadProblem;
use crate::error::AppError;
use crate::web::{csrf, upload};

/// An upload as received: the file's bytes (not yet checked) and the alt text.
pub struct Upload {
    pub bytes: Vec<u8>,
    pub alt: String,
}

/// Reads the multipart body (`file`, optional `alt`), refusing a file over the size limit as it
/// streams in.
/// The whole request's limit: the file, and a little for the token and the alt text. Parts
/// beyond it (extra fields, however many) end the request.
const MAX_REQUEST_BYTES: usize = MAX_IMAGE_BYTES + 64 * 1024;

/// The form's token comes first in the body (a form without JavaScript cannot send it as a
/// header): it is checked before any file is read.
pub async fn read_upload(
    req: &HttpRequest,
    mut payload: Multipart,
) -> Result<Result<Upload, UploadProblem>, AppError> {
    let mut bytes: Option<Vec<u8>> = None;
    let mut alt = String::new();
    let mut token_checked = false;
    let mut total = 0_usize;
    while let Some(field) = payload.next().await {
        let Ok(mut field) = field else {
            return Ok(Err(UploadProblem::Unreadable));
        };
        let name = field.name().unwrap_or("").to_owned();
        if name == "file" && !token_checked {
            csrf::check_body_token(req, None)?;
            token_checked = true;
        }
        // Only the fields the form has are kept; the others are counted and dropped.
        let keep = matches!(name.as_str(), "file" | "alt" | csrf::FIELD);
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                return Ok(Err(UploadProblem::Unreadable));
            };
            total += chunk.len();
            if total > MAX_REQUEST_BYTES {
                upload::drain(field, &mut payload, total).await;
                return Ok(Err(UploadProblem::TooLarge));
            }
            if !keep {
                continue;
            }
            if data.len() + chunk.len() > MAX_IMAGE_BYTES {
                upload::drain(field, &mut payload, data.len()).await;
                return Ok(Err(UploadProblem::TooLarge));
            }
            data.extend_from_slice(&chunk);
        }
        match name.as_str() {
            csrf::FIELD => {
                csrf::check_body_token(req, Some(String::from_utf8_lossy(&data).trim()))?;
                token_checked = true;
            }
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
    Ok(match bytes {
        Some(bytes) => Ok(Upload { bytes, alt }),
        None => Err(UploadProblem::NoFile),
    })
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
