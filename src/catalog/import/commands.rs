//! Import writes: storing an upload with its dry run, starting its job, and applying it — a
//! chunked, resumable run ([`ChunkedRun`]) that plans the stored file afresh against the
//! catalog, then saves the products to create or update, a chunk per transaction. Resuming is
//! planning again: products written by the earlier run now match the file and plan as
//! "unchanged", so nothing is written twice.

use diesel::prelude::*;
use serde_json::json;
use tokio::sync::OwnedSemaphorePermit;

use super::models::Planned;
use super::plan::plan;
use super::queries::{self, load_import};
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::bulk::{
    ImportedAfter, ImportedBefore, begin_import_set, finish_import_set, record_imported,
};
use crate::catalog::products::{ProductInput, SaveOutcome, find, save_product_in, variants_of};
use crate::db::schema::catalog_imports;
use crate::db::{self, DbConnection};
use crate::domain::ids::{ChangeSetId, ImportId, JobId};
use crate::domain::money::Currency;
use crate::domain::words::{count, grouped};
use crate::error::AppError;
use crate::jobs::{self, ChunkedRun};
use crate::shop::{Shop, WeightUnit};

/// Products saved per transaction: small enough that other edits wait at most a moment for the
/// write lock, large enough that the per-transaction cost (an fsync on SQLite) stays small.
const CHUNK: usize = 100;

pub const JOB_KIND: &str = "catalog.import";

/// Keeps an upload (its file and who sent it) for the apply step; returns its id.
pub fn store_upload(
    conn: &mut DbConnection,
    actor: &Actor,
    file_name: &str,
    content: &str,
    (rows, errors): (i64, i64),
) -> Result<ImportId, AppError> {
    db::write(conn, |c| {
        Ok(diesel::insert_into(catalog_imports::table)
            .values((
                catalog_imports::staff_id.eq(actor.staff_id),
                catalog_imports::file_name.eq(file_name),
                catalog_imports::content.eq(content),
                catalog_imports::row_count.eq(rows),
                catalog_imports::error_count.eq(errors),
                catalog_imports::created_at.eq(db::now()),
            ))
            .returning(catalog_imports::id)
            .get_result(c)?)
    })
}

/// How long a checked file is kept for *Apply* (an upload not applied by then is uploaded
/// again); an applied file is dropped at once. The import history keeps the summary.
pub const KEEP_UNAPPLIED_HOURS: i64 = 24;
/// A started import that never finished keeps its file this long, for *Resume*.
pub const KEEP_UNFINISHED_DAYS: i64 = 7;

/// What a purge removed: how many files, and their size in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub files: i64,
    pub characters: i64,
}

diesel::define_sql_function! {
    /// SQL `length(text)`: characters, on both databases.
    fn length(text: diesel::sql_types::Text) -> diesel::sql_types::Integer;
}

/// Drops the stored files no longer needed: applied ones, checked ones never started after
/// [`KEEP_UNAPPLIED_HOURS`], started ones after [`KEEP_UNFINISHED_DAYS`]. Their rows stay,
/// with their counts, for the import history. Runs at start and with every new upload.
pub fn purge_stored_files(conn: &mut DbConnection) -> Result<Purged, AppError> {
    let now = db::now();
    let unapplied = now - chrono::Duration::hours(KEEP_UNAPPLIED_HOURS);
    let unfinished = now - chrono::Duration::days(KEEP_UNFINISHED_DAYS);
    db::write(conn, |c| {
        let stale = catalog_imports::table
            .filter(catalog_imports::content.ne(""))
            .filter(
                catalog_imports::applied_at
                    .is_not_null()
                    .or(catalog_imports::job_id
                        .is_null()
                        .and(catalog_imports::created_at.lt(unapplied)))
                    .or(catalog_imports::created_at.lt(unfinished)),
            );
        // Measured in the database: the files themselves are never loaded to be dropped.
        let characters: Option<i64> = stale
            .select(diesel::dsl::sum(length(catalog_imports::content)))
            .first(c)?;
        let files = diesel::update(stale)
            .set(catalog_imports::content.eq(""))
            .execute(c)? as i64;
        Ok(Purged {
            files,
            characters: characters.unwrap_or(0),
        })
    })
}

/// Gives an upload its job; none when it was applied or started already (by another click).
pub fn begin_apply(
    conn: &mut DbConnection,
    actor: &Actor,
    import_id: ImportId,
) -> Result<Option<JobId>, AppError> {
    db::write(conn, |c| {
        let upload = load_import(c, import_id, actor)?;
        if upload.applied_at.is_some() || upload.job_id.is_some() {
            return Ok(None);
        }
        if queries::content(c, import_id)?.is_empty() {
            return Err(gone());
        }
        let started = jobs::start_once(c, JOB_KIND, 0, actor.staff_id, |c, job_id| {
            diesel::update(
                catalog_imports::table
                    .find(import_id)
                    .filter(catalog_imports::job_id.is_null())
                    .filter(catalog_imports::applied_at.is_null()),
            )
            .set(catalog_imports::job_id.eq(job_id))
            .execute(c)
        })?;
        let Some(job_id) = started else {
            return Ok(None);
        };
        // The change set that records what the import writes: its undo.
        let set_id = begin_import_set(c, actor, &upload.file_name, job_id)?;
        diesel::update(catalog_imports::table.find(import_id))
            .set(catalog_imports::change_set_id.eq(set_id))
            .execute(c)?;
        Ok(Some(job_id))
    })
}

/// Why an upload whose file was dropped cannot be applied or shown again.
pub fn gone() -> AppError {
    AppError::Conflict(format!(
        "This upload's file is no longer kept (checked files are kept {KEEP_UNAPPLIED_HOURS} hours, \
         until applied). Upload the file again."
    ))
}

/// Saves these planned products inside the caller's transaction, each recorded in the
/// import's change set with the product as it was.
fn apply(
    conn: &mut DbConnection,
    run: &ImportRun,
    set_id: Option<ChangeSetId>,
    planned: &[Planned],
) -> Result<(), AppError> {
    let (actor, currency) = (&run.actor, &run.currency);
    for planned in planned {
        let before = match planned.existing {
            Some(id) => {
                let product = find(conn, id)?.ok_or(AppError::NotFound)?;
                let variants = variants_of(conn, id)?;
                Some(ProductInput::from_product(
                    &product,
                    &variants,
                    currency,
                    WeightUnit::Grams,
                ))
            }
            None => None,
        };
        match save_product_in(
            conn,
            actor,
            planned.existing,
            &planned.valid,
            currency,
            &run.shop,
        )? {
            SaveOutcome::Saved(product_id) => {
                if let Some(set_id) = set_id {
                    let after = ImportedAfter {
                        summary: summary_of(planned),
                    };
                    let before = ImportedBefore {
                        title: planned.title.clone(),
                        input: before,
                    };
                    record_imported(conn, set_id, product_id, &before, &after)?;
                }
            }
            SaveOutcome::Invalid(errors) => {
                let first = errors
                    .fields
                    .iter()
                    .next()
                    .map(|(f, m)| format!("{f}: {m}"))
                    .or_else(|| {
                        errors
                            .rows
                            .iter()
                            .flat_map(|r| r.iter())
                            .next()
                            .map(|(f, m)| format!("{f}: {m}"))
                    });
                return Err(AppError::Validation(format!(
                    "{}: {}",
                    planned.title,
                    first.unwrap_or_default()
                )));
            }
            SaveOutcome::Stale { .. } => {
                return Err(AppError::Conflict(format!(
                    "{} was changed by someone else during the import. Resume to carry on with the current values.",
                    planned.title
                )));
            }
        }
    }
    Ok(())
}

/// What the change set's page says the import did to a product.
fn summary_of(planned: &Planned) -> String {
    if planned.existing.is_none() {
        return format!(
            "Created, {}",
            count(planned.valid.variants.len() as i64, "variant", "variants")
        );
    }
    let mut columns: Vec<&str> = Vec::new();
    for change in &planned.changes {
        if !columns.contains(&change.column.as_str()) {
            columns.push(&change.column);
        }
    }
    format!("Changed: {}", columns.join(", "))
}

/// Applies a checked upload.
pub struct ImportRun {
    pub import_id: ImportId,
    pub actor: Actor,
    pub currency: Currency,
    pub shop: Shop,
    /// The file's rows (for the closing audit row).
    rows: usize,
    /// The change set recording what the import writes (none for imports started before
    /// imports kept one).
    set_id: Option<ChangeSetId>,
    /// The heavy-work turn the request took: planning reads the whole file, so it takes its
    /// turn like a check does, and gives it back once the plan is made.
    turn: Option<OwnedSemaphorePermit>,
}

impl ImportRun {
    pub fn new(
        import_id: ImportId,
        actor: Actor,
        currency: Currency,
        shop: Shop,
        turn: OwnedSemaphorePermit,
    ) -> ImportRun {
        ImportRun {
            import_id,
            actor,
            currency,
            shop,
            rows: 0,
            set_id: None,
            turn: Some(turn),
        }
    }
}

impl ChunkedRun for ImportRun {
    type Item = Planned;
    const CHUNK: usize = CHUNK;

    fn remaining(&mut self, conn: &mut DbConnection, _done: i64) -> Result<Vec<Planned>, AppError> {
        self.set_id = load_import(conn, self.import_id, &self.actor)?.change_set_id;
        let content = queries::content(conn, self.import_id)?;
        if content.is_empty() {
            return Err(gone());
        }
        // Creates first, then updates, as the dry run counted them.
        let (mut creates, mut updates) = (Vec::new(), Vec::new());
        let plan = plan(conn, &content, &self.currency, |product| {
            match product.existing {
                None => creates.push(product),
                Some(_) => updates.push(product),
            }
            Ok(())
        })?;
        drop(content);
        self.turn = None;
        if !plan.errors.is_empty() {
            return Err(AppError::Validation(format!(
                "The file has {} now: the catalog changed since the check. Upload it again to see them.",
                count(plan.errors.len() as i64, "error", "errors")
            )));
        }
        self.rows = plan.rows;
        creates.append(&mut updates);
        Ok(creates)
    }

    fn write_chunk(&mut self, c: &mut DbConnection, chunk: &[Planned]) -> Result<(), AppError> {
        let created = chunk.iter().filter(|p| p.existing.is_none()).count() as i64;
        let updated = chunk.len() as i64 - created;
        apply(c, self, self.set_id, chunk)?;
        diesel::update(catalog_imports::table.find(self.import_id))
            .set((
                catalog_imports::created_count.eq(catalog_imports::created_count + created),
                catalog_imports::updated_count.eq(catalog_imports::updated_count + updated),
            ))
            .execute(c)?;
        Ok(())
    }

    /// Marks the upload applied and writes its one summary audit row.
    fn close(&mut self, c: &mut DbConnection) -> Result<String, AppError> {
        let (created, updated): (i64, i64) = catalog_imports::table
            .find(self.import_id)
            .select((
                catalog_imports::created_count,
                catalog_imports::updated_count,
            ))
            .first(c)?;
        // Applied: the file is not needed any more (the history keeps the counts).
        diesel::update(catalog_imports::table.find(self.import_id))
            .set((
                catalog_imports::applied_at.eq(db::now()),
                catalog_imports::content.eq(""),
            ))
            .execute(c)?;
        if let Some(set_id) = self.set_id {
            finish_import_set(c, set_id)?;
        }
        audit::record(
            c,
            &self.actor,
            Entry {
                entity_type: "import",
                entity_id: Some(self.import_id.to_string()),
                action: "catalog.import_applied",
                before: None,
                after: Some(json!({ "created": created, "updated": updated, "rows": self.rows })),
            },
        )?;
        Ok(format!(
            "Import applied: {} created, {} updated.",
            count(created, "product", "products"),
            grouped(updated)
        ))
    }
}
