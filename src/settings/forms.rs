//! The settings form as typed, and its parsing into [`NewSettings`].

use chrono_tz::Tz;
use serde::Deserialize;

use super::models::{NewSettings, ShopSettings};
use crate::domain::email::Email;
use crate::domain::money::Currency;
use crate::domain::problems::FieldErrors;
use crate::shop::{TimeDisplay, WeightUnit};
use crate::web::forms::text_field;

/// The highest first order number: far beyond any shop, well inside every integer type.
const MAX_ORDER_START: i64 = 1_000_000_000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
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
    pub time_display: String,
    pub weight_unit: String,
    pub order_prefix: String,
    pub order_start: String,
    pub version: String,
    /// The currency code the owner agreed to change to, after being told what it means.
    pub confirm_currency: String,
}

impl SettingsForm {
    pub fn of(row: ShopSettings) -> SettingsForm {
        SettingsForm {
            shop_name: row.shop_name,
            legal_name: row.legal_name,
            address_line1: row.address_line1,
            address_line2: row.address_line2,
            city: row.city,
            region: row.region,
            postal_code: row.postal_code,
            country: row.country,
            contact_email: row.contact_email,
            currency: row.currency,
            time_zone: row.time_zone,
            time_display: row.time_display.as_str().to_owned(),
            weight_unit: row.weight_unit.as_str().to_owned(),
            order_prefix: row.order_prefix,
            order_start: row.order_start.to_string(),
            version: row.version.to_string(),
            confirm_currency: String::new(),
        }
    }

    pub fn version(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }

    pub fn parse(&self) -> Result<NewSettings, FieldErrors> {
        let mut errors = FieldErrors::new();
        let e = &mut errors;
        let shop_name = text_field(
            e,
            "shop_name",
            &self.shop_name,
            "the shop's name",
            100,
            true,
        );
        let legal_name = text_field(
            e,
            "legal_name",
            &self.legal_name,
            "a legal name",
            200,
            false,
        );
        let address_line1 = text_field(e, "address_line1", &self.address_line1, "", 200, false);
        let address_line2 = text_field(e, "address_line2", &self.address_line2, "", 200, false);
        let city = text_field(e, "city", &self.city, "", 100, false);
        let region = text_field(e, "region", &self.region, "", 100, false);
        let postal_code = text_field(e, "postal_code", &self.postal_code, "", 20, false);
        let country = text_field(e, "country", &self.country, "", 100, false);
        let contact_email = match self.contact_email.trim() {
            "" => String::new(),
            typed => match Email::parse(typed) {
                Ok(email) => email.as_str().to_owned(),
                Err(_) => {
                    e.add(
                        "contact_email",
                        "Enter an email address like name@example.com.",
                    );
                    typed.to_owned()
                }
            },
        };
        let currency = Currency::from_code(&self.currency)
            .ok()
            .filter(|c| {
                Currency::choices()
                    .iter()
                    .any(|(code, _)| *code == c.code())
            })
            .map(|c| c.code())
            .unwrap_or_else(|| {
                e.add("currency", "Choose a currency from the list.");
                ""
            });
        let time_zone = self
            .time_zone
            .trim()
            .parse::<Tz>()
            .map(|z| z.name())
            .unwrap_or_else(|_| {
                e.add("time_zone", "Choose a time zone from the list.");
                "UTC"
            });
        let time_display = TimeDisplay::parse(&self.time_display).unwrap_or_else(|| {
            e.add("time_display", "Choose how times are shown.");
            TimeDisplay::Zone
        });
        let weight_unit = WeightUnit::parse(&self.weight_unit).unwrap_or_else(|| {
            e.add("weight_unit", "Choose a weight unit.");
            WeightUnit::Grams
        });
        let order_prefix = self.order_prefix.trim().to_owned();
        if order_prefix.chars().count() > 10
            || !order_prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '#' | '-' | '_' | '/' | '.'))
        {
            e.add(
                "order_prefix",
                "Use up to 10 letters, digits or the signs # - _ / .",
            );
        }
        let order_start = match self.order_start.trim().replace(',', "").parse::<i64>() {
            Ok(n) if (1..=MAX_ORDER_START).contains(&n) => n,
            _ => {
                e.add(
                    "order_start",
                    "Enter a whole number from 1 to 1,000,000,000.",
                );
                1
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewSettings {
            shop_name,
            legal_name,
            address_line1,
            address_line2,
            city,
            region,
            postal_code,
            country,
            contact_email,
            currency,
            time_zone,
            time_display,
            weight_unit,
            order_prefix,
            order_start,
        })
    }
}
