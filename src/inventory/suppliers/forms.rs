//! The supplier form as typed, and its checking.

use serde::Deserialize;

use super::models::{Supplier, SupplierChanges};
use crate::domain::email::Email;
use crate::domain::problems::FieldErrors;
use crate::web::forms::text_field;
use crate::web::pagination::CanonicalQuery;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SupplierForm {
    pub name: String,
    pub contact: String,
    pub email: String,
    pub phone: String,
    pub lead_time_days: String,
    pub notes: String,
    pub version: String,
}

impl SupplierForm {
    pub fn of(supplier: &Supplier) -> SupplierForm {
        SupplierForm {
            name: supplier.name.clone(),
            contact: supplier.contact.clone(),
            email: supplier.email.clone(),
            phone: supplier.phone.clone(),
            lead_time_days: supplier
                .lead_time_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            notes: supplier.notes.clone(),
            version: supplier.version.to_string(),
        }
    }

    pub fn parse(&self) -> Result<SupplierChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let e = &mut errors;
        let name = text_field(e, "name", &self.name, "the supplier's name", 120, true);
        let contact = text_field(e, "contact", &self.contact, "a contact", 120, false);
        let email = text_field(e, "email", &self.email, "an email", 254, false);
        if !email.is_empty() && Email::parse(&email).is_err() {
            e.add(
                "email",
                "Enter an email address like orders@supplier.example.",
            );
        }
        let phone = text_field(e, "phone", &self.phone, "a phone number", 40, false);
        let notes = text_field(e, "notes", &self.notes, "notes", 2000, false);
        let lead_time_days = match self.lead_time_days.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(days) if (0..=365).contains(&days) => Some(days),
                _ => {
                    e.add(
                        "lead_time_days",
                        "Use a whole number of days from 0 to 365.",
                    );
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(SupplierChanges {
                name,
                contact,
                email,
                phone,
                lead_time_days,
                notes,
                version: self.version.trim().parse().ok(),
            })
        } else {
            Err(errors)
        }
    }
}

/// The search for variants to add to a supplier, and its page of the supplier's own.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub struct FindParams {
    pub q: String,
    pub category: String,
    pub vendor: String,
    /// "1": show candidates even with no filter (every tracked variant).
    pub find: String,
    pub after: String,
    pub before: String,
}

impl FindParams {
    pub fn narrowed(&self) -> bool {
        !self.q.trim().is_empty()
            || !self.category.trim().is_empty()
            || !self.vendor.trim().is_empty()
    }

    /// The filter alone (no page): what the links and the add form keep.
    pub fn query(&self) -> String {
        CanonicalQuery::default()
            .param("q", &self.q)
            .param("category", &self.category)
            .param("vendor", &self.vendor)
            .param("find", &self.find)
            .encode()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_supplier_needs_a_name_and_sensible_details() {
        let ok = SupplierForm {
            name: " Linen Mills ".into(),
            lead_time_days: "14".into(),
            email: "orders@linen.example".into(),
            ..SupplierForm::default()
        };
        let valid = ok.parse().unwrap();
        assert_eq!(
            (valid.name.as_str(), valid.lead_time_days),
            ("Linen Mills", Some(14))
        );
        let bad = SupplierForm {
            email: "nope".into(),
            lead_time_days: "two weeks".into(),
            ..SupplierForm::default()
        };
        let errors = bad.parse().unwrap_err();
        for field in ["name", "email", "lead_time_days"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
