//! What every multipart upload shares: reading on past a limit so the answer arrives.

use actix_multipart::{Field, Multipart};
use futures_util::StreamExt;

/// How much of an oversized upload is read (and dropped) before the answer goes out.
pub const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// Reads the rest of the upload (up to [`DRAIN_LIMIT`] in all, `read` counted already)
/// without keeping anything, so that the browser gets the answer instead of a connection
/// closed in the middle of its upload.
/// The field is taken by value: the next one can be read only once it is dropped.
pub async fn drain(mut field: Field, payload: &mut Multipart, mut read: usize) {
    while let Some(Ok(chunk)) = field.next().await {
        read += chunk.len();
        if read > DRAIN_LIMIT {
            return;
        }
    }
    drop(field);
    while let Some(Ok(mut field)) = payload.next().await {
        while let Some(Ok(chunk)) = field.next().await {
            read += chunk.len();
            if read > DRAIN_LIMIT {
                return;
            }
        }
    }
}

/// A CSV file sent through a form (field `file`), with the form's other small fields.
#[derive(Debug)]
pub struct CsvUpload {
    pub file_name: String,
    pub content: String,
    /// The form's other fields, each cut to [`FIELD_LIMIT`] bytes.
    pub fields: Vec<(String, String)>,
}

impl CsvUpload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why an upload was not taken: the answer's status and the sentence the form shows.
#[derive(Debug)]
pub struct UploadRefused {
    pub status: actix_web::http::StatusCode,
    pub message: String,
}

/// The most of a form's other field that is kept.
pub const FIELD_LIMIT: usize = 1024;

fn refused(status: actix_web::http::StatusCode, message: impl Into<String>) -> UploadRefused {
    UploadRefused {
        status,
        message: message.into(),
    }
}

/// Reads a form's CSV upload of at most `max_bytes`: the form's token is checked before the
/// file is read (an `Err` is that refusal); a file too large, interrupted, missing, empty or
/// not UTF-8 is an [`UploadRefused`] with the sentence to show.
pub async fn read_csv(
    req: &actix_web::HttpRequest,
    payload: &mut Multipart,
    max_bytes: usize,
) -> Result<Result<CsvUpload, UploadRefused>, crate::error::AppError> {
    use crate::web::csrf;
    use actix_web::http::StatusCode;

    let too_large = || {
        refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "The file is larger than {} MB. Split it into smaller files.",
                max_bytes / 1024 / 1024
            ),
        )
    };
    let interrupted = || {
        refused(
            StatusCode::BAD_REQUEST,
            "The upload was interrupted. Choose the file again.",
        )
    };
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut fields = Vec::new();
    let mut token_checked = false;
    // The whole request's limit: the file and a little for the other fields. Extra parts,
    // however many, count against it.
    let mut total = 0_usize;
    while let Some(field) = payload.next().await {
        let Ok(mut field) = field else {
            return Ok(Err(refused(
                StatusCode::BAD_REQUEST,
                "The upload could not be read. Choose the file again.",
            )));
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name != "file" {
            let mut value = Vec::new();
            while let Some(chunk) = field.next().await {
                let Ok(chunk) = chunk else {
                    return Ok(Err(interrupted()));
                };
                total += chunk.len();
                if total > max_bytes + 64 * 1024 {
                    drain(field, payload, total).await;
                    return Ok(Err(too_large()));
                }
                let room = FIELD_LIMIT.saturating_sub(value.len());
                value.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            let value = String::from_utf8_lossy(&value).trim().to_owned();
            // The form's token comes first in the body; it is checked before the file is read.
            if name == csrf::FIELD {
                csrf::check_body_token(req, Some(&value))?;
                token_checked = true;
            } else {
                fields.push((name, value));
            }
            continue;
        }
        if !token_checked {
            csrf::check_body_token(req, None)?;
            token_checked = true;
        }
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("upload.csv")
            .chars()
            .take(200)
            .collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else {
                return Ok(Err(interrupted()));
            };
            total += chunk.len();
            if bytes.len() + chunk.len() > max_bytes || total > max_bytes + 64 * 1024 {
                drain(field, payload, total).await;
                return Ok(Err(too_large()));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((file_name, bytes));
    }
    let Some((file_name, bytes)) = file else {
        return Ok(Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Choose a CSV file to import.",
        )));
    };
    let Ok(content) = String::from_utf8(bytes) else {
        return Ok(Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is not UTF-8 text. In your spreadsheet, save it as \"CSV UTF-8\" and try again.",
        )));
    };
    if content.trim().is_empty() {
        return Ok(Err(refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is empty.",
        )));
    }
    Ok(Ok(CsvUpload {
        file_name,
        content,
        fields,
    }))
}
