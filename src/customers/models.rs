//! A customer and an address as stored, and as checked.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{customer_addresses, customer_consents, customers};
use crate::domain::ids::{AddressId, CustomerId};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: CustomerId,
    pub first_name: String,
    pub last_name: String,
    /// The list's name order: "last first" lower-cased (the email or phone without a name).
    pub name_key: String,
    pub email: Option<String>,
    /// E.164, '' when none.
    pub phone: String,
    /// The phone grouped as people read it, written with it.
    pub phone_display: String,
    pub company: String,
    pub note: String,
    pub tags: String,
    pub accepts_email: bool,
    pub consent_at: Option<NaiveDateTime>,
    pub consent_source: String,
    pub tax_exempt: bool,
    pub language: String,
    pub country: String,
    pub city: String,
    pub default_shipping_id: Option<AddressId>,
    pub default_billing_id: Option<AddressId>,
    /// Erased: when, by whom and why (its personal data is gone).
    pub erased_at: Option<NaiveDateTime>,
    pub erased_by: String,
    pub erasure_reason: String,
    pub version: i64,
    pub updated_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

crate::versioned!(Customer);

impl Customer {
    /// "Ada Lovelace"; the email or phone for a customer without a name.
    pub fn name(&self) -> String {
        full_name(&self.first_name, &self.last_name)
    }

    /// The name for headings: their name, else their email, else their number.
    pub fn display_name(&self) -> String {
        let name = self.name();
        if !name.is_empty() {
            return name;
        }
        self.email
            .clone()
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| format!("Customer {}", self.id))
    }
}

/// What the list reads of a customer: no note, timestamps read the fast way.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct CustomerListRow {
    pub id: CustomerId,
    pub first_name: String,
    pub last_name: String,
    pub name_key: String,
    pub email: Option<String>,
    pub phone: String,
    pub phone_display: String,
    pub company: String,
    pub tags: String,
    pub accepts_email: bool,
    pub country: String,
    pub city: String,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub updated_at: NaiveDateTime,
}

/// First and last name as written together ("" when both are empty).
pub fn full_name(first: &str, last: &str) -> String {
    match (first.trim(), last.trim()) {
        ("", "") => String::new(),
        (first, "") => first.to_owned(),
        ("", last) => last.to_owned(),
        (first, last) => format!("{first} {last}"),
    }
}

/// A customer's values as checked by the form; the phone is read against the shop's country
/// when the customer is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomerChanges {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    /// As typed: the writer reads it into E.164 (it needs the shop's country).
    #[serde(skip)]
    pub phone_typed: String,
    /// E.164, set by the writer.
    pub phone: String,
    pub company: String,
    pub note: String,
    /// The tags, trimmed, without repeats, in the order typed, joined by ", ".
    pub tags: String,
    pub accepts_email: bool,
    /// How the consent was given or withdrawn, when it changes ("in person", "by email").
    #[serde(skip)]
    pub consent_source: String,
    pub tax_exempt: bool,
    pub language: String,
    #[serde(skip)]
    pub version: Option<i64>,
}

impl CustomerChanges {
    pub fn tag_list(&self) -> Vec<String> {
        tag_list(&self.tags)
    }
}

/// Tags as typed ("vip, wholesale,  VIP") as a list: trimmed, lower-cased for matching, each
/// once.
pub fn tag_list(tags: &str) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for tag in tags.split(',').map(|t| t.trim().to_lowercase()) {
        if !tag.is_empty() && !list.contains(&tag) {
            list.push(tag);
        }
    }
    list
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = customer_addresses)]
pub struct Address {
    pub id: AddressId,
    pub customer_id: CustomerId,
    pub name: String,
    pub company: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    pub country: String,
    pub phone: String,
    pub created_at: NaiveDateTime,
}

impl Address {
    /// The address on one line: "Ada Lovelace, 12 Harbour Row, Bristol BS1 4QA, GB".
    pub fn one_line(&self) -> String {
        let joined = |parts: &[&str], by: &str| {
            parts
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(by)
        };
        // "Portland OR 97205" in North America, "Bristol BS1 4QA" elsewhere.
        let place = match self.country.as_str() {
            "US" | "CA" => joined(&[&self.city, &self.region, &self.postcode], " "),
            _ => joined(&[&self.city, &self.postcode], " "),
        };
        joined(
            &[
                &self.name,
                &self.company,
                &self.line1,
                &self.line2,
                &place,
                &self.country,
            ],
            ", ",
        )
    }
}

/// An address as checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddressChanges {
    pub name: String,
    pub company: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postcode: String,
    /// ISO alpha-2.
    pub country: String,
    /// As typed; read into E.164 by the writer (with the address's country as the default).
    #[serde(skip)]
    pub phone_typed: String,
    pub phone: String,
    pub default_shipping: bool,
    pub default_billing: bool,
}

/// One change of email marketing consent.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_consents)]
pub struct Consent {
    pub accepts: bool,
    pub source: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}
