//! The filter menus of the product list (categories, vendors, types), read on every list page.
//! Distinct values over the whole catalog cost more as it grows, so they are cached for a few
//! seconds and dropped at once when this instance changes the catalog.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::catalog::facets::Facets;
use crate::catalog::products::{
    all_categories, popular_tags, product_types, total_products, vendors,
};
use crate::db::{self, DbPool};
use crate::error::AppError;

const CACHE_FOR: Duration = Duration::from_secs(10);

pub struct CatalogCache {
    entry: RwLock<Option<(Instant, Arc<Facets>)>>,
}

impl Default for CatalogCache {
    fn default() -> Self {
        CatalogCache {
            entry: RwLock::new(None),
        }
    }
}

impl CatalogCache {
    pub async fn facets(&self, pool: &DbPool) -> Result<Arc<Facets>, AppError> {
        if let Ok(entry) = self.entry.read() {
            if let Some((at, facets)) = entry.as_ref() {
                if at.elapsed() < CACHE_FOR {
                    return Ok(facets.clone());
                }
            }
        }
        let facets = Arc::new(
            db::run(pool, |conn| {
                let mut facets = Facets::build(
                    all_categories(conn)?,
                    vendors(conn)?,
                    product_types(conn)?,
                    total_products(conn)?,
                );
                facets.tags = popular_tags(conn)?;
                Ok(facets)
            })
            .await?,
        );
        if let Ok(mut entry) = self.entry.write() {
            *entry = Some((Instant::now(), facets.clone()));
        }
        Ok(facets)
    }

    pub fn invalidate(&self) {
        if let Ok(mut entry) = self.entry.write() {
            *entry = None;
        }
    }
}
