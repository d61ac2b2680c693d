//! The one writer of the settings row, with its audit entry in the same transaction.

use diesel::prelude::*;

use super::models::{CurrencyChange, NewSettings};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::shop_settings;
use crate::db::{self, DbConnection};
use crate::domain::money::Currency;
use crate::domain::problems::{FieldErrors, stale_message};
use crate::error::AppError;
use crate::shop::Shop;

/// What a save came to.
pub enum SaveOutcome {
    /// Saved; `false` when nothing had changed (and nothing was written).
    Saved(bool),
    Invalid(FieldErrors),
    /// Someone else saved the settings since the form was opened: who, as a sentence.
    Stale(String),
    /// The currency would change while products have prices: the owner must agree first.
    ConfirmCurrency(CurrencyChange),
}

/// Saves the settings if `version` is still current. `confirmed_currency` is the currency the
/// owner agreed to after being told what the change means.
pub fn save_settings(
    conn: &mut DbConnection,
    actor: &Actor,
    version: Option<i64>,
    new: &NewSettings,
    confirmed_currency: &str,
    shop: &Shop,
) -> Result<SaveOutcome, AppError> {
    db::write(conn, |c| {
        let current = queries::find(c)?;
        if version != Some(current.version) {
            return Ok(SaveOutcome::Stale(stale_message(
                "shop's settings",
                &current.updated_by,
                &shop.time(&current.updated_at),
            )));
        }
        let before = NewSettings::of(&current);
        let Some((old, changed)) = audit::changed_fields(&before, new) else {
            return Ok(SaveOutcome::Saved(false));
        };
        if new.currency != before.currency {
            if let Some(outcome) = check_currency_change(c, &before, new, confirmed_currency)? {
                return Ok(outcome);
            }
        }
        diesel::update(shop_settings::table.find(1_i64))
            .set((
                shop_settings::shop_name.eq(&new.shop_name),
                shop_settings::legal_name.eq(&new.legal_name),
                shop_settings::address_line1.eq(&new.address_line1),
                shop_settings::address_line2.eq(&new.address_line2),
                shop_settings::city.eq(&new.city),
                shop_settings::region.eq(&new.region),
                shop_settings::postal_code.eq(&new.postal_code),
                shop_settings::country.eq(&new.country),
                shop_settings::contact_email.eq(&new.contact_email),
                shop_settings::currency.eq(new.currency),
                shop_settings::time_zone.eq(new.time_zone),
                shop_settings::time_display.eq(new.time_display),
                shop_settings::weight_unit.eq(new.weight_unit),
                shop_settings::order_prefix.eq(&new.order_prefix),
                shop_settings::order_start.eq(new.order_start),
                shop_settings::version.eq(current.version + 1),
                shop_settings::updated_at.eq(db::now()),
                shop_settings::updated_by.eq(&actor.label),
            ))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "shop",
                entity_id: None,
                action: "shop.settings_updated",
                before: Some(old),
                after: Some(changed),
            },
        )?;
        Ok(SaveOutcome::Saved(true))
    })
}

/// Prices are stored as whole minor units (cents), so a currency with another number of
/// decimals would multiply or divide every price by ten or more: refused while products have
/// prices. Between currencies with the same decimals the numbers stay and only the currency's
/// name changes, which the owner must agree to.
fn check_currency_change(
    conn: &mut DbConnection,
    before: &NewSettings,
    new: &NewSettings,
    confirmed_currency: &str,
) -> Result<Option<SaveOutcome>, AppError> {
    let priced_products = queries::priced_products(conn)?;
    if priced_products == 0 {
        return Ok(None);
    }
    let (Ok(from), Ok(to)) = (
        Currency::from_code(before.currency),
        Currency::from_code(new.currency),
    ) else {
        return Ok(None);
    };
    if from.exponent() != to.exponent() {
        let mut errors = FieldErrors::new();
        errors.add(
            "currency",
            format!(
                "Products have prices in {} ({}); {} has {}, so every price would change. \
                 Choose a currency with {} while products have prices.",
                from.code(),
                decimals(from.exponent()),
                to.code(),
                decimals(to.exponent()),
                decimals(from.exponent()),
            ),
        );
        return Ok(Some(SaveOutcome::Invalid(errors)));
    }
    if confirmed_currency.trim().eq_ignore_ascii_case(to.code()) {
        return Ok(None);
    }
    Ok(Some(SaveOutcome::ConfirmCurrency(CurrencyChange {
        from,
        to,
        priced_products,
    })))
}

fn decimals(exponent: u32) -> String {
    crate::domain::words::count(i64::from(exponent), "decimal", "decimals")
}
