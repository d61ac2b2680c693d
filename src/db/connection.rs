//! The one connection type over SQLite and PostgreSQL (`MultiConnection`), how each backend's
//! connections are set up, the pool and the migrations.

use std::time::Duration;

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::r2d2::{self, ManageConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// How long a SQLite connection waits for a lock before reporting "database is locked".
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// A connection to whichever backend this instance runs on, chosen at run time.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// The database backends Backroom speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from the URL prefix. Our code decides, not `MultiConnection::establish`,
    /// which would open a malformed `postgres://` URL as a SQLite file name.
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Pg(_) => Backend::Postgres,
        }
    }
}

/// The r2d2 manager: opens the backend named by the URL and applies the SQLite pragmas.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: String,
    backend: Backend,
}

impl DbManager {
    pub fn new(url: &str) -> DbManager {
        DbManager {
            url: sqlite_path(url).to_owned(),
            backend: Backend::from_url(url),
        }
    }
}

/// `sqlite://path` and `sqlite:path` are accepted as well as a bare file path.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Turns on SQLite's query planner stability guarantee (QPSG) for every connection this process
/// opens, before the first one is opened.
///
/// Why: since 3.47, SQLite plans `LIMIT ?` with the value bound to it, and marks such a prepared
/// statement as expired whenever that parameter is bound again; its next step then parses and
/// plans the whole query anew. Diesel binds every `.limit(n)` and `.first()`, so without this
/// every paginated list and every look-up by key was compiled twice per request — a quarter of
/// the product list's CPU time. With QPSG the plan never depends on bound values, which costs
/// nothing here: Backroom keeps no `ANALYZE` statistics for such plans to use.
fn stable_sqlite_plans() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: `sqlite3_auto_extension` only records the function pointer; `enable_qpsg`
        // matches the entry-point signature SQLite calls it with.
        let rc = unsafe { libsqlite3_sys::sqlite3_auto_extension(Some(enable_qpsg)) };
        if rc != libsqlite3_sys::SQLITE_OK {
            tracing::warn!(rc, "could not register the SQLite connection set-up");
        }
    });
}

/// Called by SQLite for each new connection, with that connection's handle.
unsafe extern "C" fn enable_qpsg(
    db: *mut libsqlite3_sys::sqlite3,
    _error: *mut *mut std::ffi::c_char,
    _api: *const libsqlite3_sys::sqlite3_api_routines,
) -> std::ffi::c_int {
    // SAFETY: `db` is the valid, open handle SQLite passes to an auto-extension; this option
    // takes an int (1 = on) and an optional int pointer for the previous value (none wanted).
    unsafe {
        libsqlite3_sys::sqlite3_db_config(
            db,
            libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
            1 as std::ffi::c_int,
            std::ptr::null_mut::<std::ffi::c_int>(),
        );
    }
    libsqlite3_sys::SQLITE_OK
}

impl ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match self.backend {
            Backend::Sqlite => {
                stable_sqlite_plans();
                let mut conn =
                    SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                // Order matters: busy_timeout first so that switching to WAL waits for a lock
                // held by another connection instead of failing. A 3 MB page cache per pooled
                // connection: with 4 MB the server peaked at 103 MiB under 32 connections at
                // 100,000 products (bar: 100 MB), with 3 MB at 85 MiB, pages within 5 % of CPU.
                // secure_delete: what is deleted or overwritten is zeroed in the file, so an
                // erased customer's data is not left readable in its free pages.
                conn.batch_execute(&format!(
                    "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
                     PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = FULL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA temp_store = MEMORY;
                     PRAGMA cache_size = -3000;
                     PRAGMA secure_delete = ON;"
                ))
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConnection::Pg)
                .map_err(r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking()
            || <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

pub type DbPool = r2d2::Pool<DbManager>;
pub type PooledConn = r2d2::PooledConnection<DbManager>;

/// Builds the pool and checks that one connection can be opened, so a bad URL is reported at
/// start-up with the backend's own message.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, String> {
    let manager = DbManager::new(url);
    if manager.backend == Backend::Sqlite {
        if let Some(parent) = std::path::Path::new(&manager.url).parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(|e| {
                    format!("cannot create the directory {}: {e}", parent.display())
                })?;
            }
        }
        let path = std::path::Path::new(&manager.url);
        let in_memory_or_uri = manager.url == ":memory:" || manager.url.starts_with("file:");
        if !in_memory_or_uri && !path.exists() {
            create_private_file(path)
                .map_err(|e| format!("cannot create the database {}: {e}", path.display()))?;
        }
    }
    // Probe once directly: r2d2 would otherwise retry silently until its timeout.
    manager
        .connect()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        // A short checkout wait turns overload into a fast 503 instead of a queue of stuck requests.
        .connection_timeout(Duration::from_secs(3))
        .test_on_check_out(false)
        .build(manager)
        .map_err(|e| format!("cannot open the database: {e}"))
}

/// Creates an empty file only its owner may read and write (0600). SQLite gives the database's
/// `-wal` and `-shm` files the same permissions, so creating the database this way keeps the
/// shop's data, sessions and password hashes from other users of the machine.
pub fn create_private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Applies the pending migrations of the connection's backend; returns how many ran.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, String> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Pg(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    };
    applied.map_err(|e| format!("migration failed: {e}"))
}

/// The backend type of [`DbConnection`], for boxed queries shared by both databases.
pub type DbBackend = <DbConnection as Connection>::Backend;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sqlite_connection_has_stable_query_plans() {
        stable_sqlite_plans();
        let path = std::ffi::CString::new(":memory:").unwrap();
        let mut db = std::ptr::null_mut();
        let mut enabled: std::ffi::c_int = -1;
        // SAFETY: a fresh in-memory connection, asked for one option's value, then closed.
        unsafe {
            assert_eq!(
                libsqlite3_sys::sqlite3_open(path.as_ptr(), &mut db),
                libsqlite3_sys::SQLITE_OK
            );
            libsqlite3_sys::sqlite3_db_config(
                db,
                libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                -1 as std::ffi::c_int,
                &mut enabled as *mut std::ffi::c_int,
            );
            libsqlite3_sys::sqlite3_close(db);
        }
        assert_eq!(enabled, 1, "QPSG is off: `LIMIT ?` re-plans every query");
    }
}
