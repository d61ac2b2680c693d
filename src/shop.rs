//! The shop's own settings (name, currency, time zone), read on every page and therefore cached
//! in memory for a few seconds. With several instances on PostgreSQL a change shows everywhere
//! within that time.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use crate::db::schema::shop_settings;
use crate::db::{self, DbConnection, DbPool};
use crate::domain::money::{Currency, Money};
use crate::error::AppError;

const CACHE_FOR: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Shop {
    pub name: String,
    pub currency: Currency,
    pub time_zone: Tz,
}

/// The first letter of a name, upper-cased, for a monogram ("N" for "Northwind").
pub fn initial(name: &str) -> String {
    name.trim()
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".to_owned())
}

impl Shop {
    pub fn initial(&self) -> String {
        initial(&self.name)
    }

    /// A UTC timestamp from the database, in the shop's time zone: "Nov 21, 2026 14:05".
    pub fn time(&self, at: &NaiveDateTime) -> String {
        use chrono::{Datelike, Timelike};
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        // Written out by hand rather than through `format("%b %-d, %Y %H:%M")` (which parses
        // its pattern on every call) or `format!`: lists show fifty of these per page.
        let local = at.and_utc().with_timezone(&self.time_zone);
        let mut text = String::with_capacity(20);
        text.push_str(MONTHS[local.month0() as usize % 12]);
        text.push(' ');
        push_number(&mut text, local.day(), 1);
        text.push_str(", ");
        push_number(&mut text, local.year().unsigned_abs(), 4);
        text.push(' ');
        push_number(&mut text, local.hour(), 2);
        text.push(':');
        push_number(&mut text, local.minute(), 2);
        text
    }

    /// Same, optional: "—" when never.
    pub fn time_or_never(&self, at: &Option<NaiveDateTime>) -> String {
        at.as_ref()
            .map_or_else(|| "never".to_owned(), |t| self.time(t))
    }

    pub fn money(&self, minor: i64) -> String {
        Money::format_minor(minor, &self.currency)
    }
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn push_number(text: &mut String, mut value: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut start = digits.len();
    while value > 0 || start == digits.len() {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    for _ in (digits.len() - start)..width {
        text.push('0');
    }
    for &digit in &digits[start..] {
        text.push(char::from(digit));
    }
}

pub fn load(conn: &mut DbConnection) -> Result<Shop, AppError> {
    let (name, currency, time_zone): (String, String, String) = shop_settings::table
        .find(1_i64)
        .select((
            shop_settings::shop_name,
            shop_settings::currency,
            shop_settings::time_zone,
        ))
        .first(conn)?;
    let currency = Currency::from_code(&currency)
        .map_err(|_| AppError::Unexpected(format!("shop currency {currency} is unknown")))?;
    let time_zone = time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    Ok(Shop {
        name,
        currency,
        time_zone,
    })
}

pub fn set_name(conn: &mut DbConnection, name: &str) -> QueryResult<usize> {
    diesel::update(shop_settings::table.find(1_i64))
        .set((
            shop_settings::shop_name.eq(name),
            shop_settings::updated_at.eq(db::now()),
        ))
        .execute(conn)
}

/// The cached settings.
pub struct ShopCache {
    entry: RwLock<(Instant, Arc<Shop>)>,
}

impl ShopCache {
    pub fn new(shop: Shop) -> ShopCache {
        ShopCache {
            entry: RwLock::new((Instant::now(), Arc::new(shop))),
        }
    }

    /// The settings as last read, however old.
    pub fn cached(&self) -> Arc<Shop> {
        match self.entry.read() {
            Ok(entry) => entry.1.clone(),
            Err(poisoned) => poisoned.into_inner().1.clone(),
        }
    }

    /// The settings, re-read when older than a few seconds. A failed re-read keeps the old ones.
    pub async fn current(&self, pool: &DbPool) -> Arc<Shop> {
        let fresh = self
            .entry
            .read()
            .map(|e| e.0.elapsed() < CACHE_FOR)
            .unwrap_or(false);
        if fresh {
            return self.cached();
        }
        match db::run(pool, load).await {
            Ok(shop) => {
                let shop = Arc::new(shop);
                if let Ok(mut entry) = self.entry.write() {
                    *entry = (Instant::now(), shop.clone());
                }
                shop
            }
            Err(error) => {
                tracing::warn!(%error, "could not refresh shop settings");
                self.cached()
            }
        }
    }

    /// Forces a re-read on the next page (after the settings changed here).
    pub fn invalidate(&self) {
        if let Ok(mut entry) = self.entry.write() {
            entry.0 = Instant::now() - CACHE_FOR - Duration::from_secs(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_the_shop_time_zone() {
        let shop = Shop {
            name: "Northwind".into(),
            currency: Currency::from_code("EUR").unwrap(),
            time_zone: chrono_tz::Europe::Berlin,
        };
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(23, 5, 0)
            .unwrap();
        assert_eq!(shop.time(&at), "Mar 2, 2026 00:05");
        let winter = chrono::NaiveDate::from_ymd_opt(2026, 12, 31)
            .unwrap()
            .and_hms_opt(9, 30, 59)
            .unwrap();
        assert_eq!(shop.time(&winter), "Dec 31, 2026 10:30");
        assert_eq!(shop.time_or_never(&None), "never");
        // Every hour of a leap year, as chrono's own formatting would write it.
        let mut at = chrono::NaiveDate::from_ymd_opt(2028, 1, 1)
            .unwrap()
            .and_hms_opt(0, 7, 0)
            .unwrap();
        for _ in 0..(366 * 24) {
            let expected = at
                .and_utc()
                .with_timezone(&shop.time_zone)
                .format("%b %-d, %Y %H:%M")
                .to_string();
            assert_eq!(shop.time(&at), expected);
            at += chrono::Duration::minutes(61);
        }
    }
}
