//! What every handler can reach: the pool, the settings, the shop and the keys. A leaf: it
//! names no area and no HTTP glue, so any layer above it may take `web::Data<AppState>`
//! without joining an import cycle. Area state (the catalog's caches) lives in its area and is
//! registered by `startup` as its own `web::Data`.

use std::sync::Arc;
use std::time::Duration;

use actix_web::cookie::Key;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

use crate::config::Settings;
use crate::db::DbPool;
use crate::shop::ShopCache;

/// Keys derived from the one secret.
pub struct Keys {
    /// Signs and encrypts cookies (session key, flash).
    pub cookie: Key,
    /// Signs pre-sign-in CSRF tokens.
    pub csrf: Vec<u8>,
}

/// The application's shared state.
pub struct AppState {
    pub pool: DbPool,
    pub settings: Settings,
    pub shop: ShopCache,
    pub keys: Keys,
    pub heavy: HeavyWork,
}

/// Bounds on work whose memory is a large multiple of its input: decoding an uploaded image
/// (up to 40 megapixels, 120–160 MB decoded) and checking a CSV file (a few times its size).
/// They take turns, one at a time (measured in `benches/memory.rs`: two at once passed the
/// 400 MB bar); the rest wait a little, then are told to try again (503), so a burst of
/// uploads cannot take the server's memory.
pub struct HeavyWork {
    pub image_decodes: Arc<Semaphore>,
    pub csv_checks: Arc<Semaphore>,
}

/// Heavy tasks (image decodes and CSV checks together) at once.
pub const HEAVY_AT_ONCE: usize = 1;
/// How long a request waits for its turn before the 503.
pub const HEAVY_WAIT: Duration = Duration::from_secs(20);

impl Default for HeavyWork {
    fn default() -> Self {
        // One queue for both kinds: what bounds the peak is the largest task at a time.
        let turns = Arc::new(Semaphore::new(HEAVY_AT_ONCE));
        HeavyWork {
            image_decodes: turns.clone(),
            csv_checks: turns,
        }
    }
}

/// A turn at `work`, waiting at most [`HEAVY_WAIT`]; `what` names the work for the person
/// ("images", "CSV files").
pub async fn take_turn(
    work: &Arc<Semaphore>,
    what: &str,
) -> Result<OwnedSemaphorePermit, AppError> {
    take_turn_within(work, what, HEAVY_WAIT).await
}

async fn take_turn_within(
    work: &Arc<Semaphore>,
    what: &str,
    wait: Duration,
) -> Result<OwnedSemaphorePermit, AppError> {
    match tokio::time::timeout(wait, work.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::Busy(format!(
            "Other {what} are being checked right now. Nothing was saved; try again in a moment."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn heavy_work_waits_its_turn_then_is_told_to_try_again() {
        let work = Arc::new(Semaphore::new(1));
        let first = take_turn_within(&work, "images", Duration::from_millis(20))
            .await
            .unwrap();
        let refused = take_turn_within(&work, "images", Duration::from_millis(20)).await;
        match refused {
            Err(AppError::Busy(message)) => assert!(message.contains("Other images")),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(
            take_turn_within(&work, "images", Duration::from_millis(20))
                .await
                .is_ok()
        );
    }
}
