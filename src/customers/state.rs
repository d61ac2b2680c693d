//! What the customer list keeps between requests: its filter menus (the tags in use and the
//! countries customers are in), read at most every few seconds instead of on every page, and
//! dropped at once when this instance saves a customer.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::queries;
use crate::db::{self, DbPool};
use crate::error::AppError;

/// The tags in use with their counts, and the countries in use.
pub type Menus = (Vec<(String, i64)>, Vec<String>);

/// Menus older than this are read again (another instance may have saved customers).
const FRESH_FOR: Duration = Duration::from_secs(10);

#[derive(Default)]
pub struct CustomerState {
    menus: Mutex<Option<(Instant, Arc<Menus>)>>,
}

impl CustomerState {
    pub async fn menus(&self, pool: &DbPool) -> Result<Arc<Menus>, AppError> {
        let cached = self
            .menus
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((_, menus)) = cached.filter(|(at, _)| at.elapsed() < FRESH_FOR) {
            return Ok(menus);
        }
        let menus = Arc::new(
            db::run(pool, |conn| {
                Ok((
                    queries::tags_in_use(conn)?,
                    queries::countries_in_use(conn)?,
                ))
            })
            .await?,
        );
        *self.menus.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((Instant::now(), menus.clone()));
        Ok(menus)
    }

    /// Drops the menus after a save here: the next list reads them afresh.
    pub fn forget(&self) {
        *self.menus.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}
