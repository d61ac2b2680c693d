//! The catalog's in-memory state, registered by `startup` as its own `web::Data`: the filter
//! menus and the search results kept per catalog generation.

use crate::catalog::cache::CatalogCache;
use crate::catalog::facets::Facets;
use crate::catalog::overview::CountsCache;
use crate::catalog::search_cache::SearchCache;
use crate::db::DbPool;
use crate::error::AppError;

#[derive(Default)]
pub struct CatalogState {
    pub menus: CatalogCache,
    pub search: SearchCache,
    /// The dashboard's catalog counts, per catalog generation.
    pub counts: CountsCache,
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

/// Starts a catalog job (see [`crate::jobs::spawn`]); its end empties the menus, since whatever
/// it wrote is in the list now.
pub fn spawn_job<F>(
    pool: &DbPool,
    catalog: &actix_web::web::Data<CatalogState>,
    job_id: crate::domain::ids::JobId,
    work: F,
) -> tokio::sync::oneshot::Receiver<()>
where
    F: FnOnce(&crate::jobs::Progress) -> Result<String, AppError> + Send + 'static,
{
    let for_job = catalog.clone();
    crate::jobs::spawn(pool, job_id, move |progress| {
        let outcome = work(progress);
        for_job.invalidate();
        outcome
    })
}
