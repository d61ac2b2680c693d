//! Location writes: the only writer of the locations table, each with its audit row in the
//! same transaction. A location opens a level (at zero, with its ledger row) for every tracked
//! variant when it is created or reactivated; it cannot be deactivated while it holds stock.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::models::{Location, LocationChanges};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::locations;
use crate::db::{self, DbConnection};
use crate::domain::ids::LocationId;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::access::{LocationScope, admit_at, scope_for};
use crate::inventory::stock::{Recorder, open_location_levels};
use crate::records::{self, RecordWrite};
use crate::shop::Shop;

crate::record_table!(Locations: Location, LocationId, "inventory" "location", queries::find,
    |l| json!({
        "name": l.name, "code": l.code, "address": l.address,
        "fulfils_orders": l.fulfils_orders, "priority": l.priority,
    })
);

/// Creates (`id` none) or updates a location; its code is unique, ignoring case. A new
/// location opens a level for every tracked variant.
pub fn save_location(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<LocationId>,
    valid: &LocationChanges,
    shop: &Shop,
) -> Result<SaveResult<LocationId>, AppError> {
    match id {
        Some(id) => admit_at(conn, actor, &[id])?,
        None => {
            if scope_for(conn, actor.staff_id)? != LocationScope::All {
                return Err(AppError::ForbiddenMessage(
                    "Only staff who work at every location add locations.".into(),
                ));
            }
        }
    }
    records::save_record::<Locations, _>(conn, actor, (id, valid.version), shop, |c, _| {
        let holder: Option<LocationId> = locations::table
            .filter(locations::code_key.eq(valid.code.to_uppercase()))
            .select(locations::id)
            .first(c)
            .optional()?;
        let mut errors = FieldErrors::new();
        if holder.is_some_and(|other| Some(other) != id) {
            errors.add("code", "Another location has this code. Choose another.");
        }
        Ok(errors.or_ok(valid))
    })
}

impl RecordWrite<Locations> for &LocationChanges {
    fn audited(&self) -> Value {
        json!({
            "name": self.name, "code": self.code, "address": self.address,
            "fulfils_orders": self.fulfils_orders, "priority": self.priority,
        })
    }

    fn write(
        &self,
        conn: &mut DbConnection,
        existing: Option<(LocationId, i64)>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Option<LocationId>> {
        let values = (
            locations::name.eq(&self.name),
            locations::code.eq(&self.code),
            locations::code_key.eq(self.code.to_uppercase()),
            locations::address.eq(&self.address),
            locations::fulfils_orders.eq(self.fulfils_orders),
            locations::priority.eq(self.priority),
        );
        crate::write_record!(conn, locations, existing, (by, at), values)
    }

    fn created(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        id: LocationId,
    ) -> Result<(), AppError> {
        open_location_levels(conn, Recorder::of(actor), id)?;
        Ok(())
    }
}

/// Deactivates a location that holds nothing, or reactivates one. A refusal says how much the
/// location holds and what to do about it.
pub fn set_active(
    conn: &mut DbConnection,
    actor: &Actor,
    id: LocationId,
    active: bool,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let location = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        admit_at(c, actor, &[id])?;
        if location.active == active {
            return Ok(());
        }
        if !active {
            let (units, variants) = queries::held_at(c, id)?;
            if variants > 0 {
                return Err(AppError::Conflict(format!(
                    "{} still holds {} of {}. Move the stock to another location with a \
                     transfer, or adjust it to zero with a reason, then deactivate it.",
                    location.name,
                    count(units, "unit", "units"),
                    count(variants, "variant", "variants"),
                )));
            }
            let others: i64 = locations::table
                .filter(locations::active.eq(true))
                .filter(locations::id.ne(id))
                .count()
                .get_result(c)?;
            if others == 0 {
                return Err(AppError::Conflict(format!(
                    "{} is the only active location. Add or reactivate another first.",
                    location.name
                )));
            }
        }
        diesel::update(locations::table.find(id))
            .set((
                locations::active.eq(active),
                locations::version.eq(location.version + 1),
                locations::updated_by.eq(&actor.label),
                locations::updated_at.eq(db::now()),
            ))
            .execute(c)?;
        if active {
            open_location_levels(c, Recorder::of(actor), id)?;
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "location",
                entity_id: Some(id.to_string()),
                action: if active {
                    "inventory.location_activated"
                } else {
                    "inventory.location_deactivated"
                },
                before: Some(json!({ "active": location.active })),
                after: Some(json!({ "active": active })),
            },
        )?;
        Ok(())
    })
}
