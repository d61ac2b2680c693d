//! What every handler can reach: the pool, the settings, the shop and the keys. A leaf: it
//! names no area and no HTTP glue, so any layer above it may take `web::Data<AppState>`
//! without joining an import cycle. Area state (the catalog's caches) lives in its area and is
//! registered by `startup` as its own `web::Data`.

use actix_web::cookie::Key;

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
}
