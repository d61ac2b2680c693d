//! Which locations a staff member works at: every one, or only those the owner chose
//! (`staff_locations`). Every inventory page and export asks before showing or changing stock.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::staff_locations;
use crate::domain::ids::{LocationId, StaffId};
use crate::error::AppError;

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

    /// `Forbidden` for a location outside the scope.
    pub fn check(&self, location: LocationId) -> Result<(), AppError> {
        if self.allows(location) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
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
