//! The settings every page needs, as one value, and their reading from the database.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

use super::time::{self, When};
use super::units::{TimeDisplay, WeightUnit};
use crate::db::schema::shop_settings;
use crate::db::{self, DbConnection};
use crate::domain::money::{Currency, Money};
use crate::domain::problems::{Versioned, stale_message};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct Shop {
    pub name: String,
    pub currency: Currency,
    pub time_zone: Tz,
    pub time_display: TimeDisplay,
    pub weight_unit: WeightUnit,
    /// The shop's country (ISO alpha-2), read from its address: where a phone number typed
    /// without a country code is dialled. None when the address names no known country.
    pub country: Option<&'static str>,
}

/// The first letter of a name, upper-cased, for a monogram ("N" for "Northwind").
/// The name a new database gives the shop (the first migration's), until the owner names it.
pub const DEFAULT_NAME: &str = "My shop";

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

    /// A UTC timestamp from the database as text, exactly, in the shop's time zone:
    /// "Nov 21, 2026 14:05 CET". For messages; pages use [`Shop::when`].
    pub fn time(&self, at: &NaiveDateTime) -> String {
        time::exact(at, self.time_zone)
    }

    /// A calendar day stored as `2026-12-24`, in the shop's way of writing dates: "Dec 24,
    /// 2026" (as typed when it is not a day).
    pub fn day(&self, stored: &str) -> String {
        match chrono::NaiveDate::parse_from_str(stored, "%Y-%m-%d") {
            Ok(day) => time::day(&day),
            Err(_) => stored.to_owned(),
        }
    }

    /// A download's file name: the shop, what it holds and today's date in the shop's time
    /// zone, e.g. `harbour-pine-stock-main-2026-12-07.csv`.
    pub fn file_name(&self, what: &[&str], extension: &str) -> String {
        let today = chrono::Utc::now()
            .with_timezone(&self.time_zone)
            .date_naive();
        let mut parts: Vec<String> = vec![slug::slugify(&self.name)];
        parts.extend(what.iter().map(slug::slugify));
        parts.retain(|p| !p.is_empty());
        format!(
            "{}-{}.{extension}",
            parts.join("-"),
            today.format("%Y-%m-%d")
        )
    }

    /// The sentence of a stale edit when the person's copy (`seen`) is not the stored
    /// record's version: who saved it since, and when. None for a new record.
    pub fn stale_edit(
        &self,
        noun: &str,
        stored: Option<&impl Versioned>,
        seen: Option<i64>,
    ) -> Option<String> {
        let stored = stored.filter(|r| seen != Some(r.version()))?;
        let (by, at) = stored.last_change();
        Some(stale_message(noun, by, &self.time(at)))
    }

    /// A UTC timestamp for a page, as the Settings page says times are shown.
    pub fn when(&self, at: &NaiveDateTime) -> When {
        When::new(at, self.time_zone, self.time_display)
    }

    pub fn money(&self, minor: i64) -> String {
        Money::format_minor(minor, &self.currency)
    }
}

pub fn load(conn: &mut DbConnection) -> Result<Shop, AppError> {
    let (name, currency, time_zone, time_display, weight_unit, country): (
        String,
        String,
        String,
        TimeDisplay,
        WeightUnit,
        String,
    ) = shop_settings::table
        .find(1_i64)
        .select((
            shop_settings::shop_name,
            shop_settings::currency,
            shop_settings::time_zone,
            shop_settings::time_display,
            shop_settings::weight_unit,
            shop_settings::country,
        ))
        .first(conn)?;
    let currency = Currency::from_code(&currency)
        .map_err(|_| AppError::Unexpected(format!("shop currency {currency} is unknown")))?;
    let time_zone = time_zone.parse::<Tz>().unwrap_or(Tz::UTC);
    Ok(Shop {
        name,
        currency,
        time_zone,
        time_display,
        weight_unit,
        country: crate::domain::country::code(&country),
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
