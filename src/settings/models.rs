//! The stored settings row and the checked values a save writes.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::shop_settings;
use crate::domain::money::Currency;
use crate::shop::{TimeDisplay, WeightUnit};

/// The whole settings row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = shop_settings)]
pub struct ShopSettings {
    pub shop_name: String,
    pub legal_name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub contact_email: String,
    pub currency: String,
    pub time_zone: String,
    pub time_display: TimeDisplay,
    pub weight_unit: WeightUnit,
    pub order_prefix: String,
    pub order_start: i64,
    pub version: i64,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

/// Settings as a save writes them, every value checked. Serialised, it is the audit entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewSettings {
    pub shop_name: String,
    pub legal_name: String,
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
    pub country: String,
    pub contact_email: String,
    pub currency: &'static str,
    pub time_zone: &'static str,
    pub time_display: TimeDisplay,
    pub weight_unit: WeightUnit,
    pub order_prefix: String,
    pub order_start: i64,
}

impl NewSettings {
    /// The stored row's values, to compare a save with.
    pub fn of(row: &ShopSettings) -> NewSettings {
        NewSettings {
            shop_name: row.shop_name.clone(),
            legal_name: row.legal_name.clone(),
            address_line1: row.address_line1.clone(),
            address_line2: row.address_line2.clone(),
            city: row.city.clone(),
            region: row.region.clone(),
            postal_code: row.postal_code.clone(),
            country: row.country.clone(),
            contact_email: row.contact_email.clone(),
            currency: Currency::from_code(&row.currency).map_or("", |c| c.code()),
            time_zone: row.time_zone.parse::<Tz>().map_or("UTC", |z| z.name()),
            time_display: row.time_display,
            weight_unit: row.weight_unit,
            order_prefix: row.order_prefix.clone(),
            order_start: row.order_start,
        }
    }
}

/// A currency change that needs the owner's word first, because products have prices.
#[derive(Debug, Clone)]
pub struct CurrencyChange {
    pub from: Currency,
    pub to: Currency,
    pub priced_products: i64,
}
