//! Database access: one connection type over SQLite and PostgreSQL, the pool, migrations, and the
//! two helpers every area uses — [`run`] (database work off the async threads) and [`write`]
//! (a write transaction, IMMEDIATE on SQLite, retried on lock contention).

mod connection;
mod id_list;
mod ids;
mod run;
pub mod schema;
pub mod search;
pub mod text_enum;
mod timestamp;

pub use connection::{
    Backend, DbBackend, DbConnection, DbManager, DbPool, MultiBackend, PooledConn, connect,
    create_private_file, migrate,
};
pub use id_list::{IdIn, id_in};
pub use run::{existing, now, run, write};
pub use timestamp::Timestamp;
