//! Server-side sessions for actix-session, kept in the `sessions` table. The cookie holds only
//! an encrypted random key; the table holds a SHA-256 of it. Deleting rows ends sessions at once
//! (sign-out, password change, role change, deactivation), which a cookie-only store cannot do.
//! Idle and absolute timeouts are enforced here on load.

use std::collections::HashMap;
use std::time::Duration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration as CookieDuration;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::auth::Role;
use crate::auth::sessions::LoadedStaff;
use crate::db::schema::{sessions, staff};
use crate::db::{self, DbPool};
use crate::domain::ids::StaffId;
use crate::error::AppError;

/// Session state key holding the signed-in staff id.
pub const STAFF_ID_KEY: &str = "staff_id";

/// Session state key under which [`DbSessionStore::load`] puts the signed-in staff member's
/// account as read in the same query as the session. Never stored: `save` and `update` drop it.
/// This saves every signed-in request a second query (and a second trip to the blocking pool),
/// while the account is still read fresh on every request, so deactivating someone or changing
/// their role takes effect at once.
pub const LOADED_STAFF_KEY: &str = "_loaded_staff";

/// `last_seen_at` is written at most this often, so an active session costs one write a
/// minute, not one per request.
const TOUCH_INTERVAL_SECS: i64 = 60;

#[derive(Clone)]
pub struct DbSessionStore {
    pool: DbPool,
    idle: chrono::Duration,
    absolute: chrono::Duration,
}

impl DbSessionStore {
    pub fn new(pool: DbPool, idle: Duration, absolute: Duration) -> DbSessionStore {
        DbSessionStore {
            pool,
            idle: chrono::Duration::from_std(idle).unwrap_or(chrono::Duration::hours(1)),
            absolute: chrono::Duration::from_std(absolute).unwrap_or(chrono::Duration::hours(12)),
        }
    }
}

type State = HashMap<String, String>;

/// The stored form of a session key.
pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn staff_id_of(state: &State) -> Option<StaffId> {
    state.get(STAFF_ID_KEY).and_then(|v| v.parse().ok())
}

fn other(error: AppError) -> anyhow::Error {
    anyhow::anyhow!("session storage: {error}")
}

impl SessionStore for DbSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = key_hash(session_key.as_ref());
        let (idle, absolute) = (self.idle, self.absolute);
        let row = db::run(&self.pool, move |conn| {
            let row: Option<(String, NaiveDateTime, NaiveDateTime, Option<LoadedStaff>)> =
                sessions::table
                    .left_join(staff::table)
                    .filter(sessions::key_hash.eq(&hash))
                    .select((
                        sessions::state,
                        sessions::created_at,
                        sessions::last_seen_at,
                        (
                            staff::id,
                            staff::name,
                            staff::email,
                            staff::role,
                            staff::active,
                        )
                            .nullable(),
                    ))
                    .first::<(
                        String,
                        NaiveDateTime,
                        NaiveDateTime,
                        Option<(StaffId, String, String, Role, bool)>,
                    )>(conn)
                    .optional()?
                    .map(|(state, created_at, last_seen_at, account)| {
                        let account = account.map(|(id, name, email, role, active)| LoadedStaff {
                            id,
                            name,
                            email,
                            role,
                            active,
                        });
                        (state, created_at, last_seen_at, account)
                    });
            let Some((state, created_at, last_seen_at, account)) = row else {
                return Ok(None);
            };
            let now = db::now();
            // `last_seen_at` is written at most once a minute, so the last request may have
            // come up to a minute after it: the idle timeout counts from then, and a session
            // used within its idle window never ends early (it may end up to a minute late).
            let idle = idle + chrono::Duration::seconds(TOUCH_INTERVAL_SECS);
            if now - created_at > absolute || now - last_seen_at > idle {
                db::write(conn, |c| {
                    Ok(diesel::delete(sessions::table.find(&hash)).execute(c)?)
                })?;
                return Ok(None);
            }
            if (now - last_seen_at).num_seconds() >= TOUCH_INTERVAL_SECS {
                db::write(conn, |c| {
                    Ok(diesel::update(sessions::table.find(&hash))
                        .set(sessions::last_seen_at.eq(now))
                        .execute(c)?)
                })?;
            }
            Ok(Some((state, account)))
        })
        .await;
        // An error here would leave actix-session's middleware with an `Err`, which skips the
        // error pages and security headers. A session that cannot be read is treated as absent:
        // the person is asked to sign in, and nothing is lost.
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                tracing::warn!(%error, "session could not be loaded");
                None
            }
        };
        let Some((text, account)) = row else {
            return Ok(None);
        };
        let mut state: State = serde_json::from_str(&text)
            .map_err(|e| LoadError::Deserialization(anyhow::anyhow!("session state: {e}")))?;
        state.remove(LOADED_STAFF_KEY);
        if let Some(account) = account {
            if let Ok(value) = serde_json::to_string(&account) {
                state.insert(LOADED_STAFF_KEY.to_owned(), value);
            }
        }
        Ok(Some(state))
    }

    async fn save(
        &self,
        mut session_state: State,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, SaveError> {
        session_state.remove(LOADED_STAFF_KEY);
        let key = crate::web::csrf::random_token();
        let state = serde_json::to_string(&session_state)
            .map_err(|e| SaveError::Serialization(e.into()))?;
        let hash = key_hash(&key);
        let staff_id = staff_id_of(&session_state);
        let expires_at = db::now() + self.absolute;
        db::run(&self.pool, move |conn| {
            let now = db::now();
            db::write(conn, |c| {
                Ok(diesel::insert_into(sessions::table)
                    .values((
                        sessions::key_hash.eq(&hash),
                        sessions::staff_id.eq(staff_id),
                        sessions::state.eq(&state),
                        sessions::created_at.eq(now),
                        sessions::last_seen_at.eq(now),
                        sessions::expires_at.eq(expires_at),
                    ))
                    .execute(c)?)
            })
        })
        .await
        .map_err(|e| SaveError::Other(other(e)))?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        session_key: SessionKey,
        mut session_state: State,
        _ttl: &CookieDuration,
    ) -> Result<SessionKey, UpdateError> {
        session_state.remove(LOADED_STAFF_KEY);
        let state = serde_json::to_string(&session_state)
            .map_err(|e| UpdateError::Serialization(e.into()))?;
        let hash = key_hash(session_key.as_ref());
        let staff_id = staff_id_of(&session_state);
        // A session revoked meanwhile stays revoked: updating a missing row changes nothing.
        db::run(&self.pool, move |conn| {
            db::write(conn, |c| {
                Ok(diesel::update(sessions::table.find(&hash))
                    .set((sessions::state.eq(&state), sessions::staff_id.eq(staff_id)))
                    .execute(c)?)
            })
        })
        .await
        .map_err(|e| UpdateError::Other(other(e)))?;
        Ok(session_key)
    }

    async fn update_ttl(
        &self,
        _session_key: &SessionKey,
        _ttl: &CookieDuration,
    ) -> Result<(), anyhow::Error> {
        // Expiry is ours (idle and absolute timeouts, checked on load), not the cookie's TTL.
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let hash = key_hash(session_key.as_ref());
        db::run(&self.pool, move |conn| {
            db::write(conn, |c| {
                Ok(diesel::delete(sessions::table.find(&hash)).execute(c)?)
            })
        })
        .await
        .map_err(other)?;
        Ok(())
    }
}
