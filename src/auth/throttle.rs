//! Sign-in throttling, kept in the database so that it holds across instances: at most 10
//! failures per account per 15 minutes and 20 per client address per minute. Unknown accounts
//! are counted exactly like known ones, so the answers cannot tell them apart.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::signin_failures;

pub const ACCOUNT_LIMIT: i64 = 10;
pub const ACCOUNT_WINDOW_MINUTES: i64 = 15;
pub const IP_LIMIT: i64 = 20;
pub const IP_WINDOW_MINUTES: i64 = 1;

/// True when another attempt for this account or from this address must be refused.
pub fn is_throttled(
    conn: &mut DbConnection,
    email_key: &str,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let account_failures: i64 = signin_failures::table
        .filter(signin_failures::email_key.eq(email_key))
        .filter(signin_failures::at.gt(now - Duration::minutes(ACCOUNT_WINDOW_MINUTES)))
        .count()
        .get_result(conn)?;
    if account_failures >= ACCOUNT_LIMIT {
        return Ok(true);
    }
    let ip_failures: i64 = signin_failures::table
        .filter(signin_failures::ip.eq(ip))
        .filter(signin_failures::at.gt(now - Duration::minutes(IP_WINDOW_MINUTES)))
        .count()
        .get_result(conn)?;
    Ok(ip_failures >= IP_LIMIT)
}

pub fn record_failure(
    conn: &mut DbConnection,
    email_key: &str,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(signin_failures::table)
        .values((
            signin_failures::email_key.eq(email_key),
            signin_failures::ip.eq(ip),
            signin_failures::at.eq(now),
        ))
        .execute(conn)?;
    // Failures older than the longest window no longer count for anything.
    diesel::delete(signin_failures::table.filter(signin_failures::at.lt(now - Duration::hours(1))))
        .execute(conn)?;
    Ok(())
}
