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
