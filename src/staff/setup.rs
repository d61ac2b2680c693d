//! The one-time setup link printed at first start, used to create the owner account.

use chrono::Duration;
use diesel::prelude::*;

use crate::db::schema::setup_tokens;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::web::session_store::key_hash;

const VALID_FOR_HOURS: i64 = 24;

/// Replaces any earlier setup token with a new one; returns the token for the URL.
pub fn issue_token(conn: &mut DbConnection) -> Result<String, AppError> {
    let token = crate::web::csrf::random_token();
    let hash = key_hash(&token);
    db::write(conn, |c| {
        diesel::delete(setup_tokens::table).execute(c)?;
        let now = db::now();
        diesel::insert_into(setup_tokens::table)
            .values((
                setup_tokens::token_hash.eq(&hash),
                setup_tokens::created_at.eq(now),
                setup_tokens::expires_at.eq(now + Duration::hours(VALID_FOR_HOURS)),
            ))
            .execute(c)?;
        Ok(())
    })?;
    Ok(token)
}

/// True when the token is known and not expired.
pub fn token_is_valid(conn: &mut DbConnection, token: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        setup_tokens::table
            .filter(setup_tokens::token_hash.eq(key_hash(token)))
            .filter(setup_tokens::expires_at.gt(db::now())),
    ))
    .get_result(conn)
}

/// Consumes the token inside the caller's transaction; false if it was not valid.
pub fn consume_token(conn: &mut DbConnection, token: &str) -> QueryResult<bool> {
    let valid = token_is_valid(conn, token)?;
    diesel::delete(setup_tokens::table).execute(conn)?;
    Ok(valid)
}
