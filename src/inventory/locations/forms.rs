//! The location form as typed, and its checking into [`LocationChanges`].

use serde::Deserialize;

use super::models::{Location, LocationChanges};
use crate::domain::problems::FieldErrors;
use crate::web::forms::text_field;

/// The highest priority number; lower numbers ship first.
const MAX_PRIORITY: i64 = 1000;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LocationForm {
    pub name: String,
    pub code: String,
    pub address: String,
    pub fulfils_orders: String,
    pub priority: String,
    pub version: String,
}

impl LocationForm {
    /// A new location's form: it fulfils orders, after the existing ones.
    pub fn blank() -> LocationForm {
        LocationForm {
            fulfils_orders: "yes".into(),
            priority: "10".into(),
            ..LocationForm::default()
        }
    }

    pub fn of(location: &Location) -> LocationForm {
        LocationForm {
            name: location.name.clone(),
            code: location.code.clone(),
            address: location.address.clone(),
            fulfils_orders: if location.fulfils_orders { "yes" } else { "" }.into(),
            priority: location.priority.to_string(),
            version: location.version.to_string(),
        }
    }

    pub fn fulfils(&self) -> bool {
        !self.fulfils_orders.is_empty()
    }

    pub fn parse(&self) -> Result<LocationChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &self.name, "a name", 80, true);
        let code = self.code.trim().to_uppercase();
        if code.is_empty() {
            errors.add("code", "Enter a short code, like MAIN or WH-2.");
        } else if code.chars().count() > 12
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            errors.add(
                "code",
                "Use up to 12 letters, digits, hyphens or underscores, like WH-2.",
            );
        }
        let address = text_field(
            &mut errors,
            "address",
            &self.address,
            "an address",
            500,
            false,
        );
        let priority = match self.priority.trim() {
            "" => Some(0),
            text => text
                .parse::<i64>()
                .ok()
                .filter(|p| (0..=MAX_PRIORITY).contains(p)),
        };
        if priority.is_none() {
            errors.add("priority", "Use a whole number from 0 to 1000.");
        }
        match (errors.is_empty(), priority) {
            (true, Some(priority)) => Ok(LocationChanges {
                name,
                code,
                address,
                fulfils_orders: self.fulfils(),
                priority,
                version: self.version.trim().parse().ok(),
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_needs_a_name_and_a_short_code() {
        let form = LocationForm {
            name: " Back store ".into(),
            code: "wh-2".into(),
            priority: "5".into(),
            ..LocationForm::blank()
        };
        let valid = form.parse().unwrap();
        assert_eq!(
            (valid.name.as_str(), valid.code.as_str()),
            ("Back store", "WH-2")
        );
        assert!(valid.fulfils_orders);
        let bad = LocationForm {
            code: "two words".into(),
            priority: "-1".into(),
            ..LocationForm::default()
        };
        let errors = bad.parse().unwrap_err();
        for field in ["name", "code", "priority"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
