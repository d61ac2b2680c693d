//! Sign-in throttling, kept in the database so that it holds across instances: at most 10
//! failures per account per 15 minutes (not for a browser with the account's device cookie,
//! which has its own 10) and 20 per client address per minute. Unknown accounts
//! are counted exactly like known ones, so the answers cannot tell them apart.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::signin_failures;

pub const ACCOUNT_LIMIT: i64 = 10;
pub const ACCOUNT_WINDOW_MINUTES: i64 = 15;
pub const IP_LIMIT: i64 = 20;
pub const IP_WINDOW_MINUTES: i64 = 1;
/// Failures one known device may make before it, too, waits out the account's window.
pub const DEVICE_LIMIT: i64 = 10;

/// Who is trying: the account, the address, and the device id from a valid device cookie
/// for this account ([`super::device`]).
pub struct Attempt<'a> {
    pub email_key: &'a str,
    pub ip: &'a str,
    pub device: Option<&'a str>,
}

/// True when another attempt must be refused: too many failures from this address, or for
/// this account — unless the attempt comes from a device that has signed in to the account
/// before and has not failed too often itself.
pub fn is_throttled(
    conn: &mut DbConnection,
    attempt: &Attempt<'_>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let ip_failures: i64 = signin_failures::table
        .filter(signin_failures::ip.eq(attempt.ip))
        .filter(signin_failures::at.gt(now - Duration::minutes(IP_WINDOW_MINUTES)))
        .count()
        .get_result(conn)?;
    if ip_failures >= IP_LIMIT {
        return Ok(true);
    }
    let window = now - Duration::minutes(ACCOUNT_WINDOW_MINUTES);
    if let Some(device) = attempt.device {
        let device_failures: i64 = signin_failures::table
            .filter(signin_failures::device.eq(device))
            .filter(signin_failures::at.gt(window))
            .count()
            .get_result(conn)?;
        if device_failures < DEVICE_LIMIT {
            return Ok(false);
        }
    }
    let account_failures: i64 = signin_failures::table
        .filter(signin_failures::email_key.eq(attempt.email_key))
        .filter(signin_failures::at.gt(window))
        .count()
        .get_result(conn)?;
    Ok(account_failures >= ACCOUNT_LIMIT)
}

pub fn record_failure(
    conn: &mut DbConnection,
    attempt: &Attempt<'_>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(signin_failures::table)
        .values((
            signin_failures::email_key.eq(attempt.email_key),
            signin_failures::ip.eq(attempt.ip),
            signin_failures::device.eq(attempt.device),
            signin_failures::at.eq(now),
        ))
        .execute(conn)?;
    // Failures older than the longest window no longer count for anything.
    diesel::delete(signin_failures::table.filter(signin_failures::at.lt(now - Duration::hours(1))))
        .execute(conn)?;
    Ok(())
}
