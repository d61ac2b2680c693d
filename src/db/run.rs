//! The two helpers every area uses: [`run`] (database work off the async threads) and [`write`]
//! (a write transaction, IMMEDIATE on SQLite, retried on lock contention), and [`now`].

use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use crate::db::connection::{DbConnection, DbPool};
use crate::error::AppError;

/// How many times a write transaction is tried under lock contention before it gives up.
const WRITE_ATTEMPTS: u32 = 5;

/// Runs database work on the blocking thread pool. The pool checkout happens inside, so an
/// exhausted pool never stalls an async worker; it is answered with 503.
pub async fn run<T, F>(pool: &DbPool, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get().map_err(|e| {
            tracing::warn!(error = %e, "database pool exhausted");
            AppError::Unavailable
        })?;
        work(&mut conn)
    })
    .await
    .map_err(|_| AppError::Unexpected("blocking task was cancelled".into()))?
}

/// Runs `work` in a write transaction and commits it. On SQLite the transaction is IMMEDIATE:
/// it takes the write lock up front, so a read-then-write never fails half-way with
/// "database is locked". Lock and serialization failures are retried a bounded number of times,
/// then answered with 503. Any other error rolls everything back.
pub fn write<T, F>(conn: &mut DbConnection, mut work: F) -> Result<T, AppError>
where
    F: FnMut(&mut DbConnection) -> Result<T, AppError>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        match transaction(conn, &mut work) {
            Err(AppError::Contention) if attempt < WRITE_ATTEMPTS => {
                // Back off a little, more each time, so contenders spread out.
                std::thread::sleep(Duration::from_millis(5 * u64::from(attempt * attempt)));
            }
            Err(AppError::Contention) => {
                tracing::warn!(
                    attempts = attempt,
                    "write transaction gave up under contention"
                );
                return Err(AppError::Unavailable);
            }
            other => return other,
        }
    }
}

fn transaction<T, F>(conn: &mut DbConnection, work: &mut F) -> Result<T, AppError>
where
    F: FnMut(&mut DbConnection) -> Result<T, AppError>,
{
    type Tm = <DbConnection as Connection>::TransactionManager;
    let begun = match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Pg(c) => AnsiTransactionManager::begin_transaction(c),
    };
    begun.map_err(AppError::from)?;
    match work(conn) {
        Ok(value) => match Tm::commit_transaction(conn) {
            Ok(()) => Ok(value),
            Err(commit_error) => {
                let _ = Tm::rollback_transaction(conn);
                Err(commit_error.into())
            }
        },
        Err(error) => {
            if let Err(rollback_error) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %rollback_error, "rollback failed");
            }
            Err(error)
        }
    }
}

/// The current UTC time, truncated to microseconds so that it survives a round trip through
/// either backend unchanged (PostgreSQL keeps microseconds).
/// The stored record an edit names (`id` none: a new one), or 404.
pub fn existing<Id, R>(
    conn: &mut DbConnection,
    id: Option<Id>,
    find: impl FnOnce(&mut DbConnection, Id) -> diesel::QueryResult<Option<R>>,
) -> Result<Option<R>, AppError> {
    match id {
        Some(id) => find(conn, id)?.map(Some).ok_or(AppError::NotFound),
        None => Ok(None),
    }
}

pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::Timelike::with_nanosecond(&now, now.and_utc().timestamp_subsec_micros() * 1_000)
        .unwrap_or(now)
}
