//! Reading `TIMESTAMP` columns quickly on SQLite.
//!
//! SQLite stores our timestamps as text, `2026-08-24 10:44:21.740506` (what diesel writes).
//! Diesel reads them back by trying up to eighteen `strftime` patterns in turn, each parsed
//! anew, which made timestamp decoding a twentieth of the product list's CPU time. [`Timestamp`]
//! reads that one layout by hand and falls back to diesel for anything else; on PostgreSQL
//! (binary timestamps) it is diesel's own decoding.
//!
//! Use it on a model's field with `#[diesel(deserialize_as = crate::db::Timestamp)]`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::deserialize::{self, FromSql};
use diesel::pg::Pg;
use diesel::sql_types;
use diesel::sqlite::Sqlite;

use crate::db::MultiBackend;

/// A `NaiveDateTime` decoded without pattern parsing; converts into `NaiveDateTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct Timestamp(pub NaiveDateTime);

impl From<Timestamp> for NaiveDateTime {
    fn from(value: Timestamp) -> NaiveDateTime {
        value.0
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS` with an optional `.` and 1–9 fraction digits; `None` for any
/// other text (which then goes to diesel's general parser).
pub fn parse(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() < 19 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[10] != b' ' {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0..4)?).ok()?,
        number(5..7)?,
        number(8..10)?,
    )?;
    let nanos = match &bytes[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let value = number(20..bytes.len())?;
            value * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let time =
        NaiveTime::from_hms_nano_opt(number(11..13)?, number(14..16)?, number(17..19)?, nanos)?;
    Some(date.and_time(time))
}

impl FromSql<sql_types::Timestamp, Sqlite> for Timestamp {
    fn from_sql(
        mut value: <Sqlite as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        if let Some(parsed) = parse(value.read_text()) {
            return Ok(Timestamp(parsed));
        }
        <NaiveDateTime as FromSql<sql_types::Timestamp, Sqlite>>::from_sql(value).map(Timestamp)
    }
}

impl FromSql<sql_types::Timestamp, Pg> for Timestamp {
    fn from_sql(
        value: <Pg as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<sql_types::Timestamp, Pg>>::from_sql(value).map(Timestamp)
    }
}

impl FromSql<sql_types::Timestamp, MultiBackend> for Timestamp {
    fn from_sql(
        value: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        value.from_sql::<Timestamp, sql_types::Timestamp>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_parse(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    #[test]
    fn the_stored_layout_parses_exactly_as_chrono_does() {
        for text in [
            "2026-08-24 10:44:21.740506",
            "2026-08-24 10:44:21",
            "2026-02-28 23:59:59.9",
            "1999-12-31 00:00:00.000000001",
            "2024-02-29 12:00:00.123456789",
        ] {
            assert_eq!(parse(text), Some(chrono_parse(text)), "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_to_diesel() {
        for text in [
            "",
            "2026-08-24T10:44:21",
            "2026-08-24 10:44:21Z",
            "2026-08-24 10:44:21.",
            "2026-08-24 10:44:21.1234567890",
            "2026-13-24 10:44:21",
            "2026-02-30 10:44:21",
            "2026-08-24 24:00:00",
            "2026-08-24 10:4a:21",
            "+2026-08-24 10:44:21",
            "2026-08-24 10:44:21+02:00",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
