//! The shop's settings cached in memory for a few seconds: every page reads them. With several
//! instances on PostgreSQL a change shows everywhere within that time.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::settings::{Shop, load};
use crate::db::{self, DbPool};

const CACHE_FOR: Duration = Duration::from_secs(5);

/// The cached settings.
pub struct ShopCache {
    entry: RwLock<(Instant, Arc<Shop>)>,
}

impl ShopCache {
    pub fn new(shop: Shop) -> ShopCache {
        ShopCache {
            entry: RwLock::new((Instant::now(), Arc::new(shop))),
        }
    }

    /// The settings as last read, however old.
    pub fn cached(&self) -> Arc<Shop> {
        match self.entry.read() {
            Ok(entry) => entry.1.clone(),
            Err(poisoned) => poisoned.into_inner().1.clone(),
        }
    }

    /// The settings, re-read when older than a few seconds. A failed re-read keeps the old ones.
    pub async fn current(&self, pool: &DbPool) -> Arc<Shop> {
        let fresh = self
            .entry
            .read()
            .map(|e| e.0.elapsed() < CACHE_FOR)
            .unwrap_or(false);
        if fresh {
            return self.cached();
        }
        match db::run(pool, load).await {
            Ok(shop) => {
                let shop = Arc::new(shop);
                if let Ok(mut entry) = self.entry.write() {
                    *entry = (Instant::now(), shop.clone());
                }
                shop
            }
            Err(error) => {
                tracing::warn!(%error, "could not refresh shop settings");
                self.cached()
            }
        }
    }

    /// Forces a re-read on the next page (after the settings changed here).
    pub fn invalidate(&self) {
        if let Ok(mut entry) = self.entry.write() {
            entry.0 = Instant::now() - CACHE_FOR - Duration::from_secs(1);
        }
    }
}
