//! Which locations a staff member works at: every one, or only those the owner chose
//! (`staff_locations`). Every inventory page and export asks before showing or changing stock.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::staff_locations;
use crate::domain::ids::{LocationId, StaffId};
use crate::error::AppError;

/// The refusal of a location outside a person's: their role is not the reason.
pub const LIMITED: &str = "You are limited to your locations, and this is another location's. \
     Ask the shop owner if you need to work there.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocationScope {
    All,
    Only(Vec<LocationId>),
}

impl LocationScope {
    pub fn allows(&self, location: LocationId) -> bool {
        match self {
            LocationScope::All => true,
            LocationScope::Only(ids) => ids.contains(&location),
        }
    }

    /// A 403 for a location outside the scope, saying the person works at other locations.
    pub fn check(&self, location: LocationId) -> Result<(), AppError> {
        self.check_any(&[location])
    }

    /// A 403 unless one of `locations` is in the scope (a transfer is seen from either end).
    pub fn check_any(&self, locations: &[LocationId]) -> Result<(), AppError> {
        if locations.iter().any(|l| self.allows(*l)) {
            Ok(())
        } else {
            Err(AppError::ForbiddenMessage(LIMITED.into()))
        }
    }

    /// The locations a query must keep to; none when every location is open.
    pub fn limit(&self) -> Option<Vec<LocationId>> {
        match self {
            LocationScope::All => None,
            LocationScope::Only(ids) => Some(ids.clone()),
        }
    }
}

/// The scope of `staff` (none: the command line or Backroom itself, which see everything).
pub fn scope_for(
    conn: &mut DbConnection,
    staff: Option<StaffId>,
) -> Result<LocationScope, AppError> {
    let Some(staff) = staff else {
        return Ok(LocationScope::All);
    };
    let ids: Vec<LocationId> = staff_locations::table
        .filter(staff_locations::staff_id.eq(staff))
        .select(staff_locations::location_id)
        .load(conn)?;
    Ok(if ids.is_empty() {
        LocationScope::All
    } else {
        LocationScope::Only(ids)
    })
}

/// Refuses `actor` unless they work at one of `locations` (the check every inventory document
/// makes through `documents`' `admit`, and every read of one).
pub fn admit_at(
    conn: &mut DbConnection,
    actor: &Actor,
    locations: &[LocationId],
) -> Result<(), AppError> {
    scope_for(conn, actor.staff_id)?.check_any(locations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limited_scope_allows_only_its_locations() {
        let only = LocationScope::Only(vec![LocationId::new(2)]);
        assert!(only.allows(LocationId::new(2)));
        assert!(!only.allows(LocationId::new(1)));
        assert!(only.check(LocationId::new(1)).is_err());
        assert!(LocationScope::All.allows(LocationId::new(1)));
        assert_eq!(LocationScope::All.limit(), None);
    }
}
