//! Location writes: the only writer of the locations table, each with its audit row in the
//! same transaction. A location opens a level (at zero, with its ledger row) for every tracked
//! variant when it is created or reactivated; it cannot be deactivated while it holds stock.

use diesel::prelude::*;
use serde_json::json;

use super::models::{Location, LocationChanges};
use super::queries;
use crate::audit::{self, Entry, changed_fields};
use crate::auth::Actor;
use crate::db::schema::locations;
use crate::db::{self, DbConnection};
use crate::domain::ids::LocationId;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::stock::{Recorder, open_location_levels};
use crate::shop::Shop;

/// What a save came to.
/// The fields the audit log compares.
#[derive(serde::Serialize)]
struct Audited<'a> {
    name: &'a str,
    code: &'a str,
    address: &'a str,
    fulfils_orders: bool,
    priority: i64,
}

impl<'a> Audited<'a> {
    fn of(location: &'a Location) -> Audited<'a> {
        Audited {
            name: &location.name,
            code: &location.code,
            address: &location.address,
            fulfils_orders: location.fulfils_orders,
            priority: location.priority,
        }
    }
}

/// Creates (`id` none) or updates a location.
pub fn save_location(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<LocationId>,
    valid: &LocationChanges,
    shop: &Shop,
) -> Result<SaveResult<()>, AppError> {
    db::write(conn, |c| {
        let existing = db::existing(c, id, queries::find)?;
        if let Some(stale) = shop.stale_edit("location", existing.as_ref(), valid.version) {
            return Ok(SaveResult::Stale(stale));
        }
        let clash: Option<LocationId> = locations::table
            .filter(locations::code_key.eq(&valid.code.to_uppercase()))
            .select(locations::id)
            .first(c)
            .optional()?;
        if clash.is_some_and(|other| Some(other) != id) {
            let mut errors = FieldErrors::new();
            errors.add("code", "Another location has this code. Choose another.");
            return Ok(SaveResult::Invalid(errors));
        }
        let now = db::now();
        let values = (
            locations::name.eq(&valid.name),
            locations::code.eq(&valid.code),
            locations::code_key.eq(valid.code.to_uppercase()),
            locations::address.eq(&valid.address),
            locations::fulfils_orders.eq(valid.fulfils_orders),
            locations::priority.eq(valid.priority),
            locations::updated_by.eq(&actor.label),
            locations::updated_at.eq(now),
        );
        let saved = match &existing {
            Some(current) => {
                diesel::update(locations::table.find(current.id))
                    .set((values, locations::version.eq(current.version + 1)))
                    .execute(c)?;
                current.id
            }
            None => {
                let id = diesel::insert_into(locations::table)
                    .values((values, locations::created_at.eq(now)))
                    .returning(locations::id)
                    .get_result(c)?;
                open_location_levels(c, Recorder::of(actor), id)?;
                id
            }
        };
        let after = queries::find(c, saved)?.ok_or(AppError::NotFound)?;
        let (action, before, after) = match &existing {
            Some(current) => match changed_fields(&Audited::of(current), &Audited::of(&after)) {
                Some((before, after)) => ("inventory.location_updated", Some(before), Some(after)),
                None => {
                    // Nothing changed: no entry, and the version stays.
                    diesel::update(locations::table.find(saved))
                        .set((
                            locations::version.eq(current.version),
                            locations::updated_by.eq(&current.updated_by),
                            locations::updated_at.eq(current.updated_at),
                        ))
                        .execute(c)?;
                    return Ok(SaveResult::Saved(()));
                }
            },
            None => (
                "inventory.location_created",
                None,
                Some(json!(Audited::of(&after))),
            ),
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "location",
                entity_id: Some(saved.to_string()),
                action,
                before,
                after,
            },
        )?;
        Ok(SaveResult::Saved(()))
    })
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
