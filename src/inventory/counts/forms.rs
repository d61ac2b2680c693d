//! The stocktake forms as posted: starting a count, a line's figure, a scan.

use serde::Deserialize;

use super::models::Scope;
use crate::catalog::Facets;
use crate::domain::ids::{CategoryId, LocationId};
use crate::domain::problems::FieldErrors;
use crate::inventory::domain::Quantity;
use crate::web::forms::text_field;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StartForm {
    pub location: String,
    /// all, category, vendor or codes
    pub scope: String,
    pub category: String,
    pub vendor: String,
    /// Pasted SKUs or barcodes, one a line (or separated by spaces or commas).
    pub codes: String,
    pub note: String,
}

impl StartForm {
    pub fn parse(&self, facets: &Facets) -> Result<(LocationId, Scope, String), FieldErrors> {
        let mut errors = FieldErrors::new();
        let location: Option<LocationId> = self.location.trim().parse().ok();
        if location.is_none() {
            errors.add("location", "Choose the location to count.");
        }
        let scope = match self.scope.trim() {
            "" | "all" => Some(Scope::All),
            "category" => match self.category.trim().parse::<CategoryId>().ok() {
                Some(id) => match facets.path_of(id) {
                    Some(path) => Some(Scope::Category(
                        facets.with_descendants(id),
                        path.to_owned(),
                    )),
                    None => {
                        errors.add("category", "That category no longer exists.");
                        None
                    }
                },
                None => {
                    errors.add("category", "Choose a category.");
                    None
                }
            },
            "vendor" if !self.vendor.trim().is_empty() => {
                Some(Scope::Vendor(self.vendor.trim().to_owned()))
            }
            "vendor" => {
                errors.add("vendor", "Choose a vendor.");
                None
            }
            "codes" => {
                let codes: Vec<String> = self
                    .codes
                    .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                if codes.is_empty() {
                    errors.add("codes", "Paste at least one SKU or barcode.");
                    None
                } else if codes.len() > 5_000 {
                    errors.add("codes", "At most 5,000 codes at once.");
                    None
                } else {
                    Some(Scope::Codes(codes))
                }
            }
            _ => {
                errors.add("scope", "Choose what to count.");
                None
            }
        };
        let note = text_field(&mut errors, "note", &self.note, "a note", 500, false);
        match (location, scope, errors.is_empty()) {
            (Some(location), Some(scope), true) => Ok((location, scope, note)),
            _ => Err(errors),
        }
    }
}

/// A line's figure as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LineForm {
    pub counted: String,
    /// The sheet's query, to come back to the same view.
    pub view: String,
}

/// A scan: a SKU or barcode, and units (one when empty).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ScanForm {
    pub code: String,
    pub units: String,
    /// "yes": add the variant to the count when its scope left it out (asked first).
    pub add: String,
}

impl ScanForm {
    pub fn parse(&self) -> Result<(String, Quantity), String> {
        let code = self.code.trim();
        if code.is_empty() {
            return Err("Type or scan a SKU or barcode.".into());
        }
        // Empty: one unit scanned; 0: none found (the line counts as zero).
        let units = match self.units.trim() {
            "" => Quantity::parse_positive("1"),
            text => Quantity::parse(text),
        }
        .map_err(|e| e.message().to_owned())?;
        Ok((code.chars().take(80).collect(), units))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_is_one_unit_unless_told() {
        let one = ScanForm {
            code: " TEE-M ".into(),
            units: String::new(),
            ..ScanForm::default()
        };
        assert_eq!(
            one.parse().map(|(c, q)| (c, q.get())),
            Ok(("TEE-M".into(), 1))
        );
        let six = ScanForm {
            code: "TEE-M".into(),
            units: "6".into(),
            ..ScanForm::default()
        };
        assert_eq!(six.parse().map(|(_, q)| q.get()), Ok(6));
        let none_found = ScanForm {
            code: "TEE-M".into(),
            units: "0".into(),
            ..ScanForm::default()
        };
        assert_eq!(none_found.parse().map(|(_, q)| q.get()), Ok(0));
        assert!(
            ScanForm {
                code: String::new(),
                units: "1".into(),
                ..ScanForm::default()
            }
            .parse()
            .is_err()
        );
        assert!(
            ScanForm {
                code: "X".into(),
                units: "1.5".into(),
                ..ScanForm::default()
            }
            .parse()
            .is_err()
        );
    }

    #[test]
    fn a_count_needs_a_location_and_a_scope() {
        let facets = Facets::default();
        let all = StartForm {
            location: "1".into(),
            scope: "all".into(),
            ..StartForm::default()
        };
        assert_eq!(all.parse(&facets).unwrap().1, Scope::All);
        let codes = StartForm {
            location: "1".into(),
            scope: "codes".into(),
            codes: "A, B\nC".into(),
            ..StartForm::default()
        };
        assert_eq!(
            codes.parse(&facets).unwrap().1,
            Scope::Codes(vec!["A".into(), "B".into(), "C".into()])
        );
        let bad = StartForm {
            scope: "vendor".into(),
            ..StartForm::default()
        };
        let errors = bad.parse(&facets).unwrap_err();
        assert!(errors.get("location").is_some() && errors.get("vendor").is_some());
    }
}
