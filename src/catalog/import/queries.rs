//! Import reads.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{catalog_imports, change_sets, staff};
use crate::domain::ids::{ChangeSetId, ImportId, JobId, StaffId};
use crate::error::AppError;

/// An upload's state, without its file: the polled page and the buttons need only this.
pub struct ImportState {
    pub applied_at: Option<chrono::NaiveDateTime>,
    pub job_id: Option<JobId>,
    pub file_name: String,
    pub created: i64,
    pub updated: i64,
    pub change_set_id: Option<ChangeSetId>,
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
        Option<ChangeSetId>,
    );
    let (staff_id, applied_at, job_id, file_name, created, updated, change_set_id): Row =
        catalog_imports::table
            .find(id)
            .select((
                catalog_imports::staff_id,
                catalog_imports::applied_at,
                catalog_imports::job_id,
                catalog_imports::file_name,
                catalog_imports::created_count,
                catalog_imports::updated_count,
                catalog_imports::change_set_id,
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
        change_set_id,
    })
}

/// The stored file of an upload.
pub fn content(conn: &mut DbConnection, import_id: ImportId) -> QueryResult<String> {
    catalog_imports::table
        .find(import_id)
        .select(catalog_imports::content)
        .first(conn)
}

/// One upload in the import history.
pub struct HistoryRow {
    pub id: ImportId,
    /// Sent by the person looking: only they may open its page (to resume it).
    pub mine: bool,
    pub file_name: String,
    pub by: String,
    pub created_at: chrono::NaiveDateTime,
    pub rows: i64,
    pub errors: i64,
    pub applied_at: Option<chrono::NaiveDateTime>,
    pub started: bool,
    pub created: i64,
    pub updated: i64,
    /// The change set applying it recorded, and whether it was undone.
    pub change_set: Option<(ChangeSetId, bool)>,
}

/// The newest uploads, with who sent them and what became of them.
pub fn history(conn: &mut DbConnection, actor: &Actor, limit: i64) -> QueryResult<Vec<HistoryRow>> {
    type Loaded = (
        (
            ImportId,
            String,
            chrono::NaiveDateTime,
            i64,
            i64,
            Option<StaffId>,
        ),
        (Option<chrono::NaiveDateTime>, Option<JobId>, i64, i64),
        Option<String>,
        Option<(ChangeSetId, String)>,
    );
    let rows: Vec<Loaded> = catalog_imports::table
        .left_join(staff::table.on(catalog_imports::staff_id.eq(staff::id.nullable())))
        .left_join(change_sets::table)
        .order(catalog_imports::id.desc())
        .limit(limit)
        .select((
            (
                catalog_imports::id,
                catalog_imports::file_name,
                catalog_imports::created_at,
                catalog_imports::row_count,
                catalog_imports::error_count,
                catalog_imports::staff_id,
            ),
            (
                catalog_imports::applied_at,
                catalog_imports::job_id,
                catalog_imports::created_count,
                catalog_imports::updated_count,
            ),
            staff::name.nullable(),
            (change_sets::id, change_sets::status).nullable(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, file_name, created_at, rows, errors, sender),
                (applied_at, job, created, updated),
                by,
                set,
            )| {
                HistoryRow {
                    id,
                    mine: sender.is_some() && sender == actor.staff_id,
                    file_name,
                    by: by.unwrap_or_else(|| "A former staff member".into()),
                    created_at,
                    rows,
                    errors,
                    applied_at,
                    started: job.is_some(),
                    created,
                    updated,
                    change_set: set.map(|(id, status)| (id, status == "reverted")),
                }
            },
        )
        .collect())
}
