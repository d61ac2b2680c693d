//! The reorder forms: one level's settings, the same settings for every level a view lists,
//! and the low-stock lines picked for purchase orders.

use serde::Deserialize;

use crate::domain::ids::{LocationId, VariantId};
use crate::inventory::domain::Quantity;
use crate::inventory::stock::Reorder;

/// A reorder point and quantity as typed: both empty clears them.
pub fn reorder(point: &str, quantity: &str) -> Result<Reorder, String> {
    Reorder::parse(point, quantity)
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LevelReorderForm {
    pub variant: String,
    pub location: String,
    pub point: String,
    pub quantity: String,
    /// The inventory page the form was on (the list's row), if not the adjust page.
    pub back: String,
}

impl LevelReorderForm {
    pub fn variant_id(&self) -> Option<VariantId> {
        self.variant.trim().parse().ok()
    }

    pub fn location_id(&self) -> Option<LocationId> {
        self.location.trim().parse().ok()
    }

    pub fn parse(&self) -> Result<(VariantId, LocationId, Reorder), String> {
        let variant = self
            .variant
            .trim()
            .parse()
            .map_err(|_| "Choose a variant.".to_owned())?;
        let location = self
            .location
            .trim()
            .parse()
            .map_err(|_| "Choose a location.".to_owned())?;
        Ok((variant, location, reorder(&self.point, &self.quantity)?))
    }

    /// The inventory page to go back to, when the form came from one.
    pub fn back_url(&self) -> Option<String> {
        (!self.back.trim().is_empty())
            .then(|| crate::web::forms::back_within(&self.back, "/admin/inventory"))
    }
}

/// The low-stock lines picked (`pick` = variant ids) with their units (`units_<variant>`).
pub fn picks(pairs: &[(String, String)]) -> Result<Vec<(VariantId, Quantity)>, String> {
    let mut picked = Vec::new();
    for (name, value) in pairs.iter().filter(|(n, _)| n == "pick") {
        let variant: VariantId = value
            .trim()
            .parse()
            .map_err(|_| format!("{name}: not a variant"))?;
        let units_field = format!("units_{variant}");
        let typed = pairs
            .iter()
            .find(|(n, _)| *n == units_field)
            .map_or("", |(_, v)| v.as_str());
        let units = Quantity::parse_positive(typed)
            .map_err(|e| format!("Units for variant {variant}: {}", e.message()))?;
        picked.push((variant, units));
    }
    if picked.is_empty() {
        return Err("Tick the lines to order.".into());
    }
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorder_settings_are_whole_units_or_cleared() {
        assert_eq!(
            reorder("5", "20"),
            Ok(Reorder {
                point: Some(5),
                quantity: Some(20)
            })
        );
        assert_eq!(
            reorder("", ""),
            Ok(Reorder {
                point: None,
                quantity: None
            })
        );
        assert_eq!(
            reorder("0", ""),
            Ok(Reorder {
                point: Some(0),
                quantity: None
            })
        );
        assert!(reorder("2.5", "").is_err());
        assert!(reorder("5", "0").is_err());
        assert!(reorder("", "10").is_err());
    }

    #[test]
    fn picked_lines_carry_their_units() {
        let pairs: Vec<(String, String)> = [("pick", "7"), ("units_7", "12"), ("units_8", "3")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let got = picks(&pairs).unwrap();
        assert_eq!((got[0].0.get(), got[0].1.get()), (7, 12));
        assert!(picks(&[]).is_err());
    }
}
