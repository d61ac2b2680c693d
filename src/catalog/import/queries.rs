//! Import reads.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::catalog_imports;
use crate::domain::ids::{ImportId, JobId, StaffId};
use crate::error::AppError;

/// An upload's state, without its file: the polled page and the buttons need only this.
pub struct ImportState {
    pub applied_at: Option<chrono::NaiveDateTime>,
    pub job_id: Option<JobId>,
    pub file_name: String,
    pub created: i64,
    pub updated: i64,
}

/// An upload's state; only its uploader may see it.
pub fn load_import(
    conn: &mut DbConnection,
    id: ImportId,
    actor: &Actor,
) -> Result<ImportState, AppError> {
    type Row = (
        Option<StaffId>,
        Option<chrono::NaiveDateTime>,
        Option<JobId>,
        String,
        i64,
        i64,
    );
    let (staff_id, applied_at, job_id, file_name, created, updated): Row = catalog_imports::table
        .find(id)
        .select((
            catalog_imports::staff_id,
            catalog_imports::applied_at,
            catalog_imports::job_id,
            catalog_imports::file_name,
            catalog_imports::created_count,
            catalog_imports::updated_count,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    // An upload is its uploader's: others cannot see or apply it by guessing the id.
    if staff_id != actor.staff_id {
        return Err(AppError::NotFound);
    }
    Ok(ImportState {
        applied_at,
        job_id,
        file_name,
        created,
        updated,
    })
}

/// The stored file of an upload.
pub fn content(conn: &mut DbConnection, import_id: ImportId) -> QueryResult<String> {
    catalog_imports::table
        .find(import_id)
        .select(catalog_imports::content)
        .first(conn)
}
