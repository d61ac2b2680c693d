//! The Settings page.

use askama::Template;

use super::forms::SettingsForm;
use super::models::CurrencyChange;
use crate::domain::money::{Currency, Money};
use crate::domain::problems::FieldErrors;
use crate::domain::words;
use crate::shop::{TimeDisplay, WeightUnit};
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "settings/edit.html")]
pub struct SettingsPage {
    pub shell: Shell,
    pub form: SettingsForm,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
    /// Set when the owner must agree to a currency change first: what it means, in words.
    pub confirm_currency: Option<CurrencyQuestion>,
    pub currencies: &'static [(&'static str, String)],
    pub time_zones: &'static [chrono_tz::Tz],
    pub time_displays: &'static [TimeDisplay],
    pub weight_units: &'static [WeightUnit],
}

/// The question a currency change asks, written out.
pub struct CurrencyQuestion {
    pub to: &'static str,
    pub sentence: String,
}

impl CurrencyQuestion {
    pub fn of(change: &CurrencyChange) -> CurrencyQuestion {
        let example = Money::parse("19.99", &change.from)
            .or_else(|_| Money::parse("1999", &change.from))
            .unwrap_or(Money::ZERO);
        CurrencyQuestion {
            to: change.to.code(),
            sentence: format!(
                "{} {} prices in {}. Prices are not converted: each keeps its number and \
                 only the currency changes, so {} becomes {}. Change the currency to {}?",
                words::count(change.priced_products, "product has", "products have"),
                if change.priced_products == 1 {
                    "its"
                } else {
                    "their"
                },
                change.from.code(),
                example.format(&change.from),
                example.format(&change.to),
                change.to.code(),
            ),
        }
    }
}

impl SettingsPage {
    pub fn build(
        shell: Shell,
        form: SettingsForm,
        errors: FieldErrors,
        conflict: Option<String>,
        confirm_currency: Option<CurrencyQuestion>,
    ) -> SettingsPage {
        SettingsPage {
            shell,
            form,
            errors,
            conflict,
            confirm_currency,
            currencies: Currency::choices(),
            time_zones: &chrono_tz::TZ_VARIANTS,
            time_displays: TimeDisplay::ALL,
            weight_units: WeightUnit::ALL,
        }
    }

    /// What the first order number will look like: "#1001".
    pub fn first_order(&self) -> String {
        format!(
            "{}{}",
            self.form.order_prefix.trim(),
            self.form.order_start.trim()
        )
    }
}
