//! The adjust form as posted, and its checking.

use serde::Deserialize;

use super::models::{AdjustMode, Adjustment};
use crate::domain::ids::{LocationId, ReasonId, VariantId};
use crate::domain::problems::FieldErrors;
use crate::inventory::domain::Quantity;
use crate::web::forms::text_field;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AdjustForm {
    pub variant: String,
    pub location: String,
    pub mode: String,
    pub quantity: String,
    pub reason: String,
    pub note: String,
    pub expected: String,
    /// The inventory page to go back to.
    pub back: String,
}

impl AdjustForm {
    pub fn variant_id(&self) -> Option<VariantId> {
        self.variant.trim().parse().ok()
    }

    pub fn location_id(&self) -> Option<LocationId> {
        self.location.trim().parse().ok()
    }

    /// Where to go afterwards: an inventory page of this site, or the inventory list.
    pub fn back_url(&self) -> String {
        crate::web::forms::back_within(&self.back, "/admin/inventory")
    }

    pub fn parse(&self) -> Result<Adjustment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let variant = self.variant_id();
        if variant.is_none() {
            errors.add("variant", "Choose a variant.");
        }
        let location = self.location_id();
        if location.is_none() {
            errors.add("location", "Choose a location.");
        }
        let quantity = match self.mode.as_str() {
            "set" => Quantity::parse(&self.quantity),
            _ => Quantity::parse_positive(&self.quantity),
        };
        let quantity = quantity
            .map_err(|e| errors.add("quantity", e.message()))
            .ok();
        let mode = match (self.mode.as_str(), quantity) {
            (_, None) => None,
            ("add", Some(q)) => Some(AdjustMode::Add(q)),
            ("remove", Some(q)) => Some(AdjustMode::Remove(q)),
            ("set", Some(q)) => Some(AdjustMode::Set(q)),
            _ => {
                errors.add("mode", "Choose add, remove or set on hand to.");
                None
            }
        };
        let reason: Option<ReasonId> = self.reason.trim().parse().ok();
        if reason.is_none() {
            errors.add("reason", "Choose a reason.");
        }
        let note = text_field(&mut errors, "note", &self.note, "a note", 500, false);
        let expected = match self.expected.trim() {
            "" => None,
            text => text.parse().ok(),
        };
        match (variant, location, mode, reason, errors.is_empty()) {
            (Some(variant), Some(location), Some(mode), Some(reason), true) => Ok(Adjustment {
                variant,
                location,
                mode,
                reason,
                note,
                expected,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(mode: &str, quantity: &str) -> AdjustForm {
        AdjustForm {
            variant: "3".into(),
            location: "1".into(),
            mode: mode.into(),
            quantity: quantity.into(),
            reason: "2".into(),
            ..AdjustForm::default()
        }
    }

    #[test]
    fn an_adjustment_needs_whole_units_and_a_reason() {
        assert!(form("add", "4").parse().is_ok());
        assert!(form("set", "0").parse().is_ok());
        for (mode, quantity, field) in [
            ("add", "0", "quantity"),
            ("add", "1.5", "quantity"),
            ("remove", "-2", "quantity"),
            ("add", "2000000", "quantity"),
            ("twice", "2", "mode"),
        ] {
            let errors = form(mode, quantity).parse().unwrap_err();
            assert!(errors.get(field).is_some(), "{mode} {quantity}");
        }
        let no_reason = AdjustForm {
            reason: String::new(),
            ..form("add", "1")
        };
        assert!(no_reason.parse().unwrap_err().get("reason").is_some());
    }

    #[test]
    fn going_back_stays_on_this_site() {
        let mut f = form("add", "1");
        f.back = "/admin/inventory?location=2&after=abc.4".into();
        assert_eq!(f.back_url(), "/admin/inventory?location=2&after=abc.4");
        for evil in [
            "https://evil.example/",
            "//evil.example",
            "/admin/staff",
            "/admin/inventory\\x",
        ] {
            f.back = evil.into();
            assert_eq!(f.back_url(), "/admin/inventory", "{evil}");
        }
    }
}
