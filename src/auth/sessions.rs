//! Sessions as the rest of the application sees them: the account read with a session, and
//! ending sessions. The actix-session store that keeps them is `web::session_store`.

use diesel::prelude::*;

use crate::db::schema::{sessions, staff};
use crate::db::{self, DbConnection};
use crate::domain::ids::StaffId;

/// The account behind a session, as loaded with it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Queryable)]
pub struct LoadedStaff {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub role: super::Role,
    pub active: bool,
}

/// Reads the account a session names (for a session replaced during the request, whose
/// account was not loaded with it).
pub fn find_account(
    conn: &mut DbConnection,
    staff_id: StaffId,
) -> QueryResult<Option<LoadedStaff>> {
    staff::table
        .find(staff_id)
        .select((
            staff::id,
            staff::name,
            staff::email,
            staff::role,
            staff::active,
        ))
        .first(conn)
        .optional()
}

/// Ends every session of a staff member. Runs inside the caller's transaction.
pub fn revoke_all(conn: &mut DbConnection, staff_id: StaffId) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::staff_id.eq(staff_id))).execute(conn)
}

/// Removes expired sessions; run at start-up and now and then.
pub fn purge_expired(conn: &mut DbConnection) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(db::now()))).execute(conn)
}
