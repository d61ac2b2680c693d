//! The movements pages' parameters: one variant or all, location, kind, reason, person and
//! dates (days in the shop's time zone), newest first, paged by movement id.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use crate::domain::ids::{LocationId, ReasonId, StaffId, VariantId};
use crate::inventory::domain::MovementKind;
use crate::shop::Shop;
use crate::web::pagination::CanonicalQuery;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MovementParams {
    pub location: String,
    pub kind: String,
    pub reason: String,
    pub person: String,
    pub from: String,
    pub to: String,
    /// Older than this movement id (the next page).
    pub before: String,
    /// Newer than this movement id (the previous page).
    pub after: String,
}

#[derive(Debug, Clone, Default)]
pub struct MovementFilter {
    pub variant: Option<VariantId>,
    pub location: Option<LocationId>,
    /// The locations the person may see (none: every one).
    pub allowed: Option<Vec<LocationId>>,
    pub kind: Option<MovementKind>,
    pub reason: Option<ReasonId>,
    pub staff: Option<StaffId>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub before: Option<i64>,
    pub after: Option<i64>,
}

impl MovementParams {
    pub fn filter(&self, variant: Option<VariantId>, shop: &Shop) -> MovementFilter {
        let day = |text: &str, next: bool| -> Option<NaiveDateTime> {
            let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
            let date = if next { date.succ_opt()? } else { date };
            let zoned = date
                .and_hms_opt(0, 0, 0)?
                .and_local_timezone(shop.time_zone)
                .earliest()?;
            Some(zoned.naive_utc())
        };
        MovementFilter {
            variant,
            location: self.location.trim().parse().ok(),
            allowed: None,
            kind: MovementKind::parse(&self.kind),
            reason: self.reason.trim().parse().ok(),
            staff: self.person.trim().parse().ok(),
            from: day(&self.from, false),
            until: day(&self.to, true),
            before: self.before.trim().parse().ok().filter(|id: &i64| *id > 0),
            after: self.after.trim().parse().ok().filter(|id: &i64| *id > 0),
        }
    }

    /// The canonical query, without the page.
    pub fn canonical(&self) -> String {
        CanonicalQuery::default()
            .param("location", &self.location)
            .param("kind", &self.kind)
            .param("reason", &self.reason)
            .param("person", &self.person)
            .param("from", &self.from)
            .param("to", &self.to)
            .encode()
    }

    pub fn filtered(&self) -> bool {
        !self.canonical().is_empty()
    }
}
