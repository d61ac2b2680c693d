//! The customer list's filters and sorts as typed in its URL, and their canonical query: every
//! view is reproducible from its address.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::web::pagination::{CanonicalQuery, DEFAULT_PAGE_SIZE, page_size};

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CustomerParams {
    pub q: String,
    pub tag: String,
    /// "yes": accepts email marketing; "no": does not.
    pub consent: String,
    /// ISO alpha-2 of the default shipping address.
    pub country: String,
    /// Created on or after this day (YYYY-MM-DD, the shop's calendar is UTC's here).
    pub from: String,
    /// Created on or before this day.
    pub until: String,
    pub sort: String,
    pub per: String,
    pub after: String,
    pub before: String,
}

crate::text_enum! {
    /// The list's orders.
    pub enum CustomerSort {
        Name = ("name", "Name A–Z"),
        Newest = ("newest", "Newest first"),
        Oldest = ("oldest", "Oldest first"),
        Updated = ("updated", "Recently updated"),
    }
}

impl CustomerSort {
    pub fn can_become(self, _next: CustomerSort) -> bool {
        true
    }
}

/// The filter as checked: what the query applies.
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    pub q: String,
    pub tag: Option<String>,
    pub consent: Option<bool>,
    pub country: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl CustomerParams {
    pub fn sort(&self) -> CustomerSort {
        CustomerSort::parse(self.sort.trim()).unwrap_or(CustomerSort::Name)
    }

    pub fn size(&self) -> i64 {
        page_size(&self.per)
    }

    /// The filter; a day that does not read is left out (and the page says so).
    pub fn filter(&self) -> CustomerFilter {
        let day = |text: &str| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
        let tag = self.tag.trim().to_lowercase();
        let country = self.country.trim().to_ascii_uppercase();
        CustomerFilter {
            q: self.q.trim().to_owned(),
            tag: (!tag.is_empty()).then_some(tag),
            consent: match self.consent.trim() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            country: (!country.is_empty()).then_some(country),
            from: day(&self.from),
            until: day(&self.until),
        }
    }

    /// A day typed that is no day: named on the page rather than silently ignored.
    pub fn bad_day(&self) -> Option<&'static str> {
        let bad = |text: &str| {
            !text.trim().is_empty() && NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").is_err()
        };
        if bad(&self.from) || bad(&self.until) {
            Some("Write days as YYYY-MM-DD (2026-12-31); the day that did not read is not applied.")
        } else {
            None
        }
    }

    pub fn canonical(&self) -> CanonicalQuery<'_> {
        let sort = self.sort();
        CanonicalQuery::default()
            .param("q", &self.q)
            .param("tag", &self.tag)
            .param("consent", &self.consent)
            .param("country", &self.country)
            .param("from", &self.from)
            .param("until", &self.until)
            .param(
                "sort",
                if sort == CustomerSort::Name {
                    ""
                } else {
                    sort.as_str()
                },
            )
            .param(
                "per",
                match self.per.trim() {
                    per if page_size(per) == DEFAULT_PAGE_SIZE => "",
                    per => per,
                },
            )
    }

    /// Whether anything narrows the list (the empty state says "no match", not "no customers").
    pub fn narrowed(&self) -> bool {
        self.canonical().has_other_than(&["sort", "per"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_view_has_one_address_and_reads_its_filters() {
        let params = CustomerParams {
            q: " ada ".into(),
            tag: "VIP".into(),
            consent: "yes".into(),
            country: "gb".into(),
            from: "2026-01-01".into(),
            until: "someday".into(),
            sort: "name".into(),
            per: "50".into(),
            ..CustomerParams::default()
        };
        assert_eq!(
            params.canonical().encode(),
            "q=ada&tag=VIP&consent=yes&country=gb&from=2026-01-01&until=someday"
        );
        let filter = params.filter();
        assert_eq!(filter.tag.as_deref(), Some("vip"));
        assert_eq!(filter.country.as_deref(), Some("GB"));
        assert_eq!(filter.consent, Some(true));
        assert!(filter.from.is_some() && filter.until.is_none());
        assert!(params.bad_day().is_some());
        assert!(params.narrowed());
        assert_eq!(CustomerParams::default().sort(), CustomerSort::Name);
    }
}
