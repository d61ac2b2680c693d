//! The catalog's in-memory state, registered by `startup` as its own `web::Data`: the filter
//! menus and the search results kept per catalog generation.

use crate::catalog::cache::CatalogCache;
use crate::catalog::facets::Facets;
use crate::catalog::search_cache::SearchCache;
use crate::db::DbPool;
use crate::error::AppError;

#[derive(Default)]
pub struct CatalogState {
    pub menus: CatalogCache,
    pub search: SearchCache,
}

impl CatalogState {
    /// The filter menus, from the cache when fresh.
    pub async fn facets(&self, pool: &DbPool) -> Result<std::sync::Arc<Facets>, AppError> {
        self.menus.facets(pool).await
    }

    /// Drops the cached menus after this instance changed the catalog.
    pub fn invalidate(&self) {
        self.menus.invalidate();
    }
}
