//! Times as the shop shows them: in its time zone, exact with the zone's abbreviation or
//! relative with the exact time on hover (the Settings page chooses).

use std::fmt::{self, Write as _};

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike};
use chrono_tz::{OffsetName, Tz};

use super::units::TimeDisplay;
use crate::domain::words;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC timestamp in `zone`, exactly: "Nov 21, 2026 14:05 CET".
pub fn exact(at: &NaiveDateTime, zone: Tz) -> String {
    let mut text = String::with_capacity(24);
    // Writing into a String cannot fail.
    let _ = write_exact(&mut text, at, zone);
    text
}

/// [`exact`], written into `out`. By hand rather than through
/// `format("%b %-d, %Y %H:%M %Z")` (which parses its pattern on every call): lists show fifty
/// of these per page.
fn write_exact(out: &mut impl fmt::Write, at: &NaiveDateTime, zone: Tz) -> fmt::Result {
    let local = at.and_utc().with_timezone(&zone);
    write_date(out, &local)?;
    out.write_char(' ')?;
    write_number(out, local.hour(), 2)?;
    out.write_char(':')?;
    write_number(out, local.minute(), 2)?;
    out.write_char(' ')?;
    out.write_str(local.offset().abbreviation().unwrap_or("UTC"))
}

/// "2026-11-21T14:05:09Z", by hand for the same reason.
fn write_iso(out: &mut impl fmt::Write, at: &NaiveDateTime) -> fmt::Result {
    write_number(out, at.year().unsigned_abs(), 4)?;
    out.write_char('-')?;
    write_number(out, at.month(), 2)?;
    out.write_char('-')?;
    write_number(out, at.day(), 2)?;
    out.write_char('T')?;
    write_number(out, at.hour(), 2)?;
    out.write_char(':')?;
    write_number(out, at.minute(), 2)?;
    out.write_char(':')?;
    write_number(out, at.second(), 2)?;
    out.write_char('Z')
}

/// "Nov 21, 2026".
fn write_date(out: &mut impl fmt::Write, local: &DateTime<Tz>) -> fmt::Result {
    out.write_str(MONTHS[local.month0() as usize % 12])?;
    out.write_char(' ')?;
    write_number(out, local.day(), 1)?;
    out.write_str(", ")?;
    write_number(out, local.year().unsigned_abs(), 4)
}

/// A calendar day as the shop writes dates: "Dec 24, 2026" (an expected delivery day).
pub fn day(day: &chrono::NaiveDate) -> String {
    let mut text = String::with_capacity(12);
    let _ = write!(text, "{} ", MONTHS[day.month0() as usize % 12]);
    let _ = write_number(&mut text, day.day(), 1);
    text.push_str(", ");
    let _ = write_number(&mut text, day.year().unsigned_abs(), 4);
    text
}

fn date(local: &DateTime<Tz>) -> String {
    let mut text = String::with_capacity(12);
    let _ = write_date(&mut text, local);
    text
}

/// How long before `now` the time `at` was, in words: "3 hours ago". Past a week it is the
/// date, which reads better than "45 days ago".
pub fn relative(at: &NaiveDateTime, now: &NaiveDateTime, zone: Tz) -> String {
    let minutes = (*now - *at).num_minutes();
    match minutes {
        ..1 => "just now".to_owned(),
        1..60 => format!("{} ago", words::count(minutes, "minute", "minutes")),
        60..1440 => format!("{} ago", words::count(minutes / 60, "hour", "hours")),
        1440..2880 => "yesterday".to_owned(),
        2880..10080 => format!("{} days ago", minutes / 1440),
        _ => date(&at.and_utc().with_timezone(&zone)),
    }
}

/// A time for a page: an HTML `<time>` element with the machine-readable instant, showing the
/// exact time or the relative one (with the exact one as its title). Written out only when
/// the page is: a list of fifty builds no strings for them.
pub struct When {
    at: NaiveDateTime,
    zone: Tz,
    relative: Option<String>,
}

impl When {
    pub fn new(at: &NaiveDateTime, zone: Tz, display: TimeDisplay) -> When {
        When {
            at: *at,
            zone,
            // The clock is read only when the page shows relative times (lists build fifty).
            relative: match display {
                TimeDisplay::Zone => None,
                TimeDisplay::Relative => Some(relative(at, &chrono::Utc::now().naive_utc(), zone)),
            },
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every part is generated here from digits, month names, zone abbreviations and fixed
        // words, none of it typed by people, so it needs no escaping.
        f.write_str(r#"<time datetime=""#)?;
        write_iso(f, &self.at)?;
        match &self.relative {
            Some(relative) => {
                f.write_str(r#"" title=""#)?;
                write_exact(f, &self.at, self.zone)?;
                f.write_str(r#"">"#)?;
                f.write_str(relative)?;
            }
            None => {
                f.write_str(r#"">"#)?;
                write_exact(f, &self.at, self.zone)?;
            }
        }
        f.write_str("</time>")
    }
}

/// Written into templates as it is: see the `Display` implementation.
impl askama::filters::HtmlSafe for When {}

/// Writes `value` in decimal, zero-padded to at least `width` digits, in one write.
fn write_number(out: &mut impl fmt::Write, mut value: u32, width: usize) -> fmt::Result {
    let mut digits = [b'0'; 10];
    let mut start = digits.len();
    while value > 0 || start == digits.len() {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    let start = start.min(digits.len().saturating_sub(width));
    // Only ASCII digits were written.
    out.write_str(std::str::from_utf8(&digits[start..]).unwrap_or("0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn exact_times_are_in_the_shop_zone_with_its_abbreviation() {
        let berlin = chrono_tz::Europe::Berlin;
        assert_eq!(
            exact(&at(2026, 3, 1, 23, 5), berlin),
            "Mar 2, 2026 00:05 CET"
        );
        assert_eq!(
            exact(&at(2026, 7, 1, 9, 30), berlin),
            "Jul 1, 2026 11:30 CEST"
        );
        assert_eq!(
            exact(&at(2026, 7, 1, 9, 30), Tz::UTC),
            "Jul 1, 2026 09:30 UTC"
        );
        // Every hour of a leap year, as chrono's own formatting would write it.
        let mut t = at(2028, 1, 1, 0, 7);
        for _ in 0..(366 * 24) {
            let expected = t
                .and_utc()
                .with_timezone(&berlin)
                .format("%b %-d, %Y %H:%M %Z")
                .to_string();
            assert_eq!(exact(&t, berlin), expected);
            t += chrono::Duration::minutes(61);
        }
    }

    #[test]
    fn relative_times_read_as_words() {
        let now = at(2026, 11, 26, 12, 0);
        let zone = Tz::UTC;
        assert_eq!(relative(&at(2026, 11, 26, 12, 0), &now, zone), "just now");
        assert_eq!(relative(&at(2026, 11, 26, 12, 5), &now, zone), "just now");
        assert_eq!(
            relative(&at(2026, 11, 26, 11, 59), &now, zone),
            "1 minute ago"
        );
        assert_eq!(relative(&at(2026, 11, 26, 9, 0), &now, zone), "3 hours ago");
        assert_eq!(relative(&at(2026, 11, 25, 9, 0), &now, zone), "yesterday");
        assert_eq!(relative(&at(2026, 11, 22, 9, 0), &now, zone), "4 days ago");
        assert_eq!(relative(&at(2026, 10, 2, 9, 0), &now, zone), "Oct 2, 2026");
    }

    #[test]
    fn iso_times_match_chrono() {
        let mut t = at(2026, 1, 2, 3, 4) + chrono::Duration::seconds(5);
        for _ in 0..2000 {
            let mut written = String::new();
            write_iso(&mut written, &t).unwrap();
            assert_eq!(
                written,
                t.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
            t += chrono::Duration::seconds(7919);
        }
    }

    #[test]
    fn a_when_is_a_time_element() {
        let t = at(2026, 11, 26, 9, 0);
        let zoned = When::new(&t, Tz::UTC, TimeDisplay::Zone).to_string();
        assert_eq!(
            zoned,
            r#"<time datetime="2026-11-26T09:00:00Z">Nov 26, 2026 09:00 UTC</time>"#
        );
        let relative = When::new(&t, Tz::UTC, TimeDisplay::Relative).to_string();
        assert!(relative.starts_with(
            r#"<time datetime="2026-11-26T09:00:00Z" title="Nov 26, 2026 09:00 UTC">"#
        ));
    }
}
