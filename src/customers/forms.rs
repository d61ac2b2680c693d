//! The customer and address forms as typed, and their checking.

use serde::Deserialize;

use super::models::{Address, AddressChanges, Customer, CustomerChanges, tag_list};
use crate::domain::country;
use crate::domain::email::Email;
use crate::domain::problems::FieldErrors;
use crate::web::forms::text_field;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CustomerForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company: String,
    pub note: String,
    pub tags: String,
    /// "on" when ticked.
    pub accepts_email: String,
    pub consent_source: String,
    pub tax_exempt: String,
    pub language: String,
    pub version: String,
}

fn ticked(value: &str) -> bool {
    matches!(value.trim(), "on" | "1" | "true" | "yes")
}

impl CustomerForm {
    pub fn of(customer: &Customer) -> CustomerForm {
        CustomerForm {
            first_name: customer.first_name.clone(),
            last_name: customer.last_name.clone(),
            email: customer.email.clone().unwrap_or_default(),
            phone: customer.phone.clone(),
            company: customer.company.clone(),
            note: customer.note.clone(),
            tags: customer.tags.clone(),
            accepts_email: if customer.accepts_email {
                "on".into()
            } else {
                String::new()
            },
            consent_source: String::new(),
            tax_exempt: if customer.tax_exempt {
                "on".into()
            } else {
                String::new()
            },
            language: customer.language.clone(),
            version: customer.version.to_string(),
        }
    }

    pub fn accepts(&self) -> bool {
        ticked(&self.accepts_email)
    }

    pub fn exempt(&self) -> bool {
        ticked(&self.tax_exempt)
    }

    pub fn parse(&self) -> Result<CustomerChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let e = &mut errors;
        let first_name = text_field(
            e,
            "first_name",
            &self.first_name,
            "a first name",
            100,
            false,
        );
        let last_name = text_field(e, "last_name", &self.last_name, "a last name", 100, false);
        let email_text = text_field(e, "email", &self.email, "an email", 254, false);
        let phone_typed = text_field(e, "phone", &self.phone, "a phone number", 40, false);
        let email = match email_text.as_str() {
            "" => {
                if phone_typed.is_empty() {
                    e.add("email", "Enter an email address, or a phone number below.");
                }
                None
            }
            text => match Email::parse(text) {
                Ok(email) => Some(email.as_str().to_owned()),
                Err(_) => {
                    e.add("email", "Enter an email address like ada@example.com.");
                    None
                }
            },
        };
        // An international number is checked here, with the rest; one typed as dialled in the
        // shop's country is read when it is saved (the shop's country is known there).
        if phone_typed.starts_with('+') {
            if let Err(message) = crate::domain::phone::Phone::parse(&phone_typed, None) {
                e.add("phone", message);
            }
        }
        if first_name.is_empty() && last_name.is_empty() && email_text.is_empty() {
            e.add("last_name", "Enter a name, or an email address.");
        }
        let company = text_field(e, "company", &self.company, "a company", 120, false);
        let note = text_field(e, "note", &self.note, "a note", 5000, false);
        let tags_text = text_field(e, "tags", &self.tags, "tags", 500, false);
        let tags = tag_list(&tags_text);
        if tags.iter().any(|t| t.chars().count() > 40) {
            e.add("tags", "Keep each tag under 40 characters.");
        }
        let consent_source = text_field(
            e,
            "consent_source",
            &self.consent_source,
            "how consent was given",
            120,
            false,
        );
        let language = text_field(e, "language", &self.language, "a language", 35, false);
        let language_ok = language.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        });
        if !language.is_empty() && !language_ok {
            e.add("language", "Use a language code such as en, fr or pt-BR.");
        }
        errors.or_ok(CustomerChanges {
            first_name,
            last_name,
            email,
            phone_typed,
            phone: String::new(),
            company,
            note,
            tags: tags.join(", "),
            accepts_email: self.accepts(),
            consent_source,
            tax_exempt: self.exempt(),
            language,
            version: self.version.trim().parse().ok(),
        })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AddressForm {
    pub name: String,
    pub company: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    pub country: String,
    pub phone: String,
    pub default_shipping: String,
    pub default_billing: String,
    /// The customer's version the person saw.
    pub version: String,
}

impl AddressForm {
    pub fn of(address: &Address, customer: &Customer) -> AddressForm {
        let flag = |on: bool| if on { "on".to_owned() } else { String::new() };
        AddressForm {
            name: address.name.clone(),
            company: address.company.clone(),
            line1: address.line1.clone(),
            line2: address.line2.clone(),
            city: address.city.clone(),
            region: address.region.clone(),
            postcode: address.postcode.clone(),
            country: address.country.clone(),
            phone: address.phone.clone(),
            default_shipping: flag(customer.default_shipping_id == Some(address.id)),
            default_billing: flag(customer.default_billing_id == Some(address.id)),
            version: customer.version.to_string(),
        }
    }

    pub fn shipping(&self) -> bool {
        ticked(&self.default_shipping)
    }

    pub fn billing(&self) -> bool {
        ticked(&self.default_billing)
    }

    pub fn parse(&self) -> Result<AddressChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let e = &mut errors;
        let name = text_field(e, "name", &self.name, "a name", 200, false);
        let company = text_field(e, "company", &self.company, "a company", 120, false);
        let line1 = text_field(e, "line1", &self.line1, "the street address", 200, true);
        let line2 = text_field(e, "line2", &self.line2, "", 200, false);
        let city = text_field(e, "city", &self.city, "the city or town", 100, true);
        let region = text_field(e, "region", &self.region, "", 100, false);
        let postcode = text_field(e, "postcode", &self.postcode, "", 20, false);
        let phone_typed = text_field(e, "phone", &self.phone, "", 40, false);
        let country = match self.country.trim() {
            "" => {
                e.add("country", "Choose the country.");
                String::new()
            }
            text => match country::code(text) {
                Some(code) => code.to_owned(),
                None => {
                    e.add("country", "Choose a country from the list.");
                    String::new()
                }
            },
        };
        errors.or_ok(AddressChanges {
            name,
            company,
            line1,
            line2,
            city,
            region,
            postcode,
            country,
            phone_typed,
            phone: String::new(),
            default_shipping: self.shipping(),
            default_billing: self.billing(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_needs_an_email_or_a_phone_and_reads_its_tags_once() {
        let ok = CustomerForm {
            first_name: " Ada ".into(),
            email: " Ada@Example.com ".into(),
            tags: "VIP, wholesale, vip ,".into(),
            accepts_email: "on".into(),
            ..CustomerForm::default()
        };
        let valid = ok.parse().unwrap();
        assert_eq!(valid.first_name, "Ada");
        assert_eq!(valid.email.as_deref(), Some("Ada@Example.com"));
        assert_eq!(valid.tags, "vip, wholesale");
        assert!(valid.accepts_email);
        let phone_only = CustomerForm {
            last_name: "Byron".into(),
            phone: "+44 20 7946 0958".into(),
            ..CustomerForm::default()
        };
        assert!(phone_only.parse().unwrap().email.is_none());
        let neither = CustomerForm {
            first_name: "Ada".into(),
            ..CustomerForm::default()
        };
        assert!(neither.parse().unwrap_err().has("email"));
        let bad = CustomerForm {
            email: "not-an-email".into(),
            language: "english please".into(),
            ..CustomerForm::default()
        };
        let errors = bad.parse().unwrap_err();
        assert!(errors.has("email") && errors.has("language"));
    }

    #[test]
    fn an_address_needs_its_street_city_and_a_known_country() {
        let ok = AddressForm {
            line1: "12 Harbour Row".into(),
            city: "Bristol".into(),
            country: "gb".into(),
            default_shipping: "on".into(),
            ..AddressForm::default()
        };
        let valid = ok.parse().unwrap();
        assert_eq!(valid.country, "GB");
        assert!(valid.default_shipping && !valid.default_billing);
        let bad = AddressForm {
            country: "Atlantis".into(),
            ..AddressForm::default()
        };
        let errors = bad.parse().unwrap_err();
        for field in ["line1", "city", "country"] {
            assert!(errors.has(field), "{field}");
        }
    }
}
