//! Setting which locations a staff member is limited to, with its audit row.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{locations, staff, staff_locations};
use crate::db::{self, DbConnection};
use crate::domain::ids::{LocationId, StaffId};
use crate::error::AppError;

/// Limits `member` to `chosen` (empty: every location): the sentence saying who now sees what.
pub fn set_limits(
    conn: &mut DbConnection,
    actor: &Actor,
    member: StaffId,
    chosen: &[LocationId],
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let name: String = staff::table
            .find(member)
            .select(staff::name)
            .first(c)
            .optional()?
            .ok_or(AppError::NotFound)?;
        let names: Vec<String> = locations::table
            .filter(locations::id.eq_any(chosen))
            .order(locations::name.asc())
            .select(locations::name)
            .load(c)?;
        if names.len() != chosen.len() {
            return Err(AppError::Validation(
                "Choose locations from the list.".into(),
            ));
        }
        let before: Vec<LocationId> = staff_locations::table
            .filter(staff_locations::staff_id.eq(member))
            .select(staff_locations::location_id)
            .load(c)?;
        diesel::delete(staff_locations::table.filter(staff_locations::staff_id.eq(member)))
            .execute(c)?;
        for location in chosen {
            diesel::insert_into(staff_locations::table)
                .values((
                    staff_locations::staff_id.eq(member),
                    staff_locations::location_id.eq(*location),
                ))
                .execute(c)?;
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "staff",
                entity_id: Some(member.to_string()),
                action: "inventory.locations_limited",
                before: Some(json!({ "locations": before })),
                after: Some(json!({ "locations": chosen })),
            },
        )?;
        Ok(if names.is_empty() {
            format!("{name} now works at every location.")
        } else {
            format!(
                "{name} now sees and changes stock at {} only.",
                names.join(", ")
            )
        })
    })
}
