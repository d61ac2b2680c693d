//! Change sets: a bulk edit applied, listed, shown and reverted — each run in the background in
//! chunks, with its progress on the change set's page and resume after an interruption (see
//! [`crate::jobs`]).
//!
//! Applying works through the products chosen when it started (stored on the change set) in
//! order; reverting works through the set's items in order. In both, a chunk's writes and its
//! count on the job commit together, so a resumed run starts exactly after the last chunk.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::auth::Permission;
use crate::catalog::CatalogState;
use crate::catalog::bulk::{self, BulkForm, Fields, Operation};
use crate::db::schema::{change_set_items, change_sets, products};
use crate::db::{self, DbConnection, DbPool};
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::jobs::{self, JobView, Progress};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

/// Products written per transaction (see [`crate::catalog::import_jobs::CHUNK`] for the trade-off).
pub const CHUNK: usize = 200;

const APPLY_KIND: &str = "catalog.bulk_edit";
const REVERT_KIND: &str = "catalog.bulk_revert";

#[derive(Debug, Clone, Queryable)]
pub struct ChangeSetRow {
    pub id: i64,
    pub summary: String,
    pub actor: String,
    pub item_count: i64,
    pub created_at: chrono::NaiveDateTime,
    pub reverted_at: Option<chrono::NaiveDateTime>,
    pub reverted_by: Option<String>,
    /// applying | applied | reverting | reverted
    pub status: String,
    pub job_id: Option<i64>,
}

impl ChangeSetRow {
    pub fn state_label(&self) -> &'static str {
        match self.status.as_str() {
            "applying" => "Applying",
            "reverting" => "Reverting",
            "reverted" => "Reverted",
            _ => "Applied",
        }
    }
}

fn change_set_columns() -> (
    change_sets::id,
    change_sets::summary,
    change_sets::actor,
    change_sets::item_count,
    change_sets::created_at,
    change_sets::reverted_at,
    change_sets::reverted_by,
    change_sets::status,
    change_sets::job_id,
) {
    (
        change_sets::id,
        change_sets::summary,
        change_sets::actor,
        change_sets::item_count,
        change_sets::created_at,
        change_sets::reverted_at,
        change_sets::reverted_by,
        change_sets::status,
        change_sets::job_id,
    )
}

fn find_set(conn: &mut DbConnection, id: i64) -> Result<ChangeSetRow, AppError> {
    change_sets::table
        .find(id)
        .select(change_set_columns())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)
}

fn page_of(id: i64) -> String {
    format!("/admin/products/changes/{id}")
}

/// `POST /admin/products/bulk/apply`: records the change set and starts applying it.
pub async fn apply_bulk_edit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let form = BulkForm::from_pairs(form.into_inner());
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let operation = Operation::parse(&form.operation, &form.value, &currency, &facets.categories)
        .map_err(AppError::Validation)?;
    let summary = operation.describe(&currency, &facets.categories);
    let owner = actor.clone();
    let plan_operation = operation.clone();
    let (set_id, job_id) = db::run(&state.pool, move |conn| {
        let ids = bulk::selection(conn, &form, &facets)?;
        // A read-only look first, so that an edit that changes nothing is refused, not recorded.
        let changing = bulk::plan(conn, &ids, &plan_operation, &currency)?
            .iter()
            .filter(|change| change.changes_anything())
            .count();
        if changing == 0 {
            return Err(AppError::Validation(
                "Nothing to change: the selected products already have these values.".into(),
            ));
        }
        let product_ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        db::write(conn, |c| {
            let job_id = jobs::create(c, APPLY_KIND, ids.len() as i64, owner.staff_id)?;
            let set_id: i64 = diesel::insert_into(change_sets::table)
                .values((
                    change_sets::summary.eq(&summary),
                    change_sets::operation.eq(&form.operation),
                    change_sets::operation_value.eq(&form.value),
                    change_sets::product_ids.eq(&product_ids),
                    change_sets::staff_id.eq(owner.staff_id),
                    change_sets::actor.eq(&owner.label),
                    change_sets::item_count.eq(0_i64),
                    change_sets::status.eq("applying"),
                    change_sets::job_id.eq(job_id),
                    change_sets::created_at.eq(db::now()),
                ))
                .returning(change_sets::id)
                .get_result(c)?;
            Ok((set_id, job_id))
        })
    })
    .await?;
    let currency = shell.shop.currency.clone();
    let job = start(&state.pool, &catalog, job_id, move |progress| {
        run_apply(progress, set_id, &operation, &actor, &currency)
    });
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}

/// Applies the rest of a change set, a chunk at a time.
fn run_apply(
    progress: &Progress,
    set_id: i64,
    operation: &Operation,
    actor: &Actor,
    currency: &Currency,
) -> Result<String, AppError> {
    let (ids, done) = progress.read(|conn| {
        let ids: String = change_sets::table
            .find(set_id)
            .select(change_sets::product_ids)
            .first(conn)?;
        let done = jobs::find(conn, progress.job_id())?.map_or(0, |job| job.done);
        Ok((ids, done))
    })?;
    let ids: Vec<i64> = ids.split(',').filter_map(|id| id.parse().ok()).collect();
    let remaining = ids.get(usize::try_from(done).unwrap_or(0)..).unwrap_or(&[]);
    for chunk in remaining.chunks(CHUNK) {
        progress.chunk(chunk.len() as i64, |c| {
            // Planned inside the transaction: the values written are the ones just read.
            let changes = bulk::plan(c, chunk, operation, currency)?;
            let mut written = 0_i64;
            for change in changes.iter().filter(|change| change.changes_anything()) {
                let Ok(after) = &change.after else { continue };
                let version_after = bulk::write_fields(c, change.product_id, after, actor)?;
                diesel::insert_into(change_set_items::table)
                    .values((
                        change_set_items::change_set_id.eq(set_id),
                        change_set_items::product_id.eq(change.product_id),
                        change_set_items::before_json.eq(to_json(&change.before)?),
                        change_set_items::after_json.eq(to_json(after)?),
                        change_set_items::version_after.eq(version_after),
                    ))
                    .execute(c)?;
                written += 1;
            }
            diesel::update(change_sets::table.find(set_id))
                .set(change_sets::item_count.eq(change_sets::item_count + written))
                .execute(c)?;
            Ok(())
        })?;
    }
    let (summary, changed) = progress.chunk(0, |c| {
        let (summary, changed): (String, i64) = change_sets::table
            .find(set_id)
            .select((change_sets::summary, change_sets::item_count))
            .first(c)?;
        diesel::update(change_sets::table.find(set_id))
            .set(change_sets::status.eq("applied"))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "change_set",
                entity_id: Some(set_id.to_string()),
                action: "catalog.bulk_edit_applied",
                before: None,
                after: Some(json!({
                    "summary": summary,
                    "products": changed,
                    "skipped": ids.len() as i64 - changed,
                })),
            },
        )?;
        Ok((summary, changed))
    })?;
    Ok(format!(
        "{summary}: {changed} product(s) changed. You can revert this change set here."
    ))
}

fn to_json(fields: &Fields) -> Result<String, AppError> {
    serde_json::to_string(fields).map_err(|e| AppError::Unexpected(format!("change set item: {e}")))
}

/// Starts a catalog job; its end empties the catalog cache (whatever it wrote is in the list now).
pub(crate) fn start<F>(
    pool: &DbPool,
    catalog: &web::Data<CatalogState>,
    job_id: i64,
    work: F,
) -> tokio::sync::oneshot::Receiver<()>
where
    F: FnOnce(&Progress) -> Result<String, AppError> + Send + 'static,
{
    let for_job = catalog.clone();
    jobs::spawn(pool, job_id, move |progress| {
        let outcome = work(progress);
        for_job.invalidate();
        outcome
    })
}

#[derive(Template)]
#[template(path = "catalog/change_sets.html")]
pub struct ChangeSetsPage {
    pub shell: Shell,
    pub sets: Vec<ChangeSetRow>,
}

/// `GET /admin/products/changes`
pub async fn list_change_sets(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let sets = db::run(&state.pool, |conn| {
        Ok(change_sets::table
            .order(change_sets::id.desc())
            .limit(100)
            .select(change_set_columns())
            .load::<ChangeSetRow>(conn)?)
    })
    .await?;
    render(StatusCode::OK, &ChangeSetsPage { shell, sets })
}

pub struct ItemView {
    pub product_id: i64,
    pub title: String,
    pub before: String,
    pub after: String,
    pub edited_since: bool,
}

#[derive(Template)]
#[template(path = "catalog/change_set.html")]
pub struct ChangeSetPage {
    pub shell: Shell,
    pub set: ChangeSetRow,
    pub items: Vec<ItemView>,
    pub can_revert: bool,
    pub progress: Option<JobView>,
}

#[derive(Template)]
#[template(path = "catalog/change_set.html", block = "progress_block")]
pub struct ChangeSetProgressFragment {
    pub shell: Shell,
    pub progress: Option<JobView>,
}

/// `GET /admin/products/changes/{id}`: the set's changes, and its progress while it runs.
pub async fn show_change_set(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let polling = htmx::is_htmx(&req);
    let (set, job, items) = db::run(&state.pool, move |conn| {
        let set = find_set(conn, id)?;
        let job = match set.job_id {
            Some(job_id) => jobs::find(conn, job_id)?,
            None => None,
        };
        if polling {
            return Ok((set, job, Vec::new()));
        }
        let rows: Vec<(i64, String, String, i64, String, i64)> = change_set_items::table
            .inner_join(products::table)
            .filter(change_set_items::change_set_id.eq(id))
            .order(change_set_items::id.asc())
            .limit(1000)
            .select((
                change_set_items::product_id,
                change_set_items::before_json,
                change_set_items::after_json,
                change_set_items::version_after,
                products::title,
                products::version,
            ))
            .load(conn)?;
        let items = rows
            .into_iter()
            .filter_map(
                |(product_id, before, after, version_after, title, version)| {
                    let before: Fields = serde_json::from_str(&before).ok()?;
                    let after: Fields = serde_json::from_str(&after).ok()?;
                    Some(ItemView {
                        product_id,
                        title,
                        before: bulk::describe_fields(
                            &before,
                            &after,
                            &currency,
                            &facets.categories,
                        ),
                        after: bulk::describe_fields(
                            &after,
                            &before,
                            &currency,
                            &facets.categories,
                        ),
                        edited_since: version != version_after,
                    })
                },
            )
            .collect();
        Ok((set, job, items))
    })
    .await?;
    let may_edit = shell.can(Permission::CatalogEdit);
    // Finished jobs are told by the flash and the set's state; only unfinished ones show.
    let progress = job.filter(|job| !job.is_done()).map(|job| {
        let can_resume = job.can_resume() && may_edit;
        JobView {
            job,
            poll_url: page_of(id),
            resume_url: can_resume.then(|| format!("{}/resume", page_of(id))),
        }
    });
    if polling {
        if let Some(view) = &progress {
            return jobs::fragment_response(
                view,
                &ChangeSetProgressFragment {
                    shell,
                    progress: progress.clone(),
                },
            );
        }
        return Ok(HttpResponse::Ok()
            .insert_header(("HX-Refresh", "true"))
            .finish());
    }
    let can_revert = set.status == "applied" && may_edit;
    render(
        StatusCode::OK,
        &ChangeSetPage {
            shell,
            set,
            items,
            can_revert,
            progress,
        },
    )
}

/// `POST /admin/products/changes/{id}/revert`: restores the values from before the change set,
/// for every product not edited since; those are reported instead.
pub async fn revert_change_set(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let set_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let owner = actor.clone();
    let job_id = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let set = find_set(c, set_id)?;
            match set.status.as_str() {
                "applied" => {}
                "reverted" | "reverting" => {
                    return Err(AppError::Conflict(
                        "This change set was reverted already.".into(),
                    ));
                }
                _ => {
                    return Err(AppError::Conflict(
                        "This change set is still being applied; revert it once it has finished."
                            .into(),
                    ));
                }
            }
            let items: i64 = change_set_items::table
                .filter(change_set_items::change_set_id.eq(set_id))
                .count()
                .get_result(c)?;
            let job_id = jobs::create(c, REVERT_KIND, items, owner.staff_id)?;
            diesel::update(change_sets::table.find(set_id))
                .set((
                    change_sets::status.eq("reverting"),
                    change_sets::job_id.eq(job_id),
                ))
                .execute(c)?;
            Ok(job_id)
        })
    })
    .await?;
    let job = start(&state.pool, &catalog, job_id, move |progress| {
        run_revert(progress, set_id, &actor)
    });
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}

/// Reverts the rest of a change set's items, a chunk at a time, in item order.
fn run_revert(progress: &Progress, set_id: i64, actor: &Actor) -> Result<String, AppError> {
    loop {
        let processed = progress.chunk(0, |c| {
            let done = jobs::find(c, progress.job_id())?.map_or(0, |job| job.done);
            let items: Vec<(i64, i64, String, i64)> = change_set_items::table
                .filter(change_set_items::change_set_id.eq(set_id))
                .order(change_set_items::id.asc())
                .offset(done)
                .limit(CHUNK as i64)
                .select((
                    change_set_items::id,
                    change_set_items::product_id,
                    change_set_items::before_json,
                    change_set_items::version_after,
                ))
                .load(c)?;
            for (item_id, product_id, before, version_after) in &items {
                let version: Option<i64> = products::table
                    .find(product_id)
                    .select(products::version)
                    .first(c)
                    .optional()?;
                // Gone, or edited after this change: left as it is, and reported at the end.
                if version != Some(*version_after) {
                    continue;
                }
                let before: Fields = serde_json::from_str(before)
                    .map_err(|e| AppError::Unexpected(format!("change set item: {e}")))?;
                bulk::write_fields(c, *product_id, &before, actor)?;
                diesel::update(change_set_items::table.find(item_id))
                    .set(change_set_items::reverted.eq(true))
                    .execute(c)?;
            }
            jobs::add_done(c, progress.job_id(), items.len() as i64)?;
            Ok(items.len())
        })?;
        if processed < CHUNK {
            break;
        }
    }
    let (restored, skipped) = progress.chunk(0, |c| {
        let restored: i64 = change_set_items::table
            .filter(change_set_items::change_set_id.eq(set_id))
            .filter(change_set_items::reverted.eq(true))
            .count()
            .get_result(c)?;
        let skipped: Vec<String> = change_set_items::table
            .inner_join(products::table)
            .filter(change_set_items::change_set_id.eq(set_id))
            .filter(change_set_items::reverted.eq(false))
            .order(change_set_items::id.asc())
            .select(products::title)
            .load(c)?;
        diesel::update(change_sets::table.find(set_id))
            .set((
                change_sets::status.eq("reverted"),
                change_sets::reverted_at.eq(db::now()),
                change_sets::reverted_by.eq(&actor.label),
            ))
            .execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "change_set",
                entity_id: Some(set_id.to_string()),
                action: "catalog.bulk_edit_reverted",
                before: None,
                after: Some(json!({ "restored": restored, "skipped_edited_since": skipped })),
            },
        )?;
        Ok((restored, skipped))
    })?;
    let mut message = format!("Reverted {restored} product(s).");
    if !skipped.is_empty() {
        message.push_str(&format!(
            " {} product(s) were edited after this change and were left as they are: {}{}.",
            skipped.len(),
            skipped
                .iter()
                .take(10)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if skipped.len() > 10 { ", …" } else { "" }
        ));
    }
    Ok(message)
}

/// `POST /admin/products/changes/{id}/resume`: carries on with an interrupted apply or revert.
pub async fn resume_change_set(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let set_id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let facets = catalog.facets(&state.pool).await?;
    let currency = shell.shop.currency.clone();
    let claimed = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let set = find_set(c, set_id)?;
            let Some(job_id) = set.job_id else {
                return Ok(None);
            };
            let operation = if set.status == "reverting" {
                None
            } else {
                let (name, value): (String, String) = change_sets::table
                    .find(set_id)
                    .select((change_sets::operation, change_sets::operation_value))
                    .first(c)?;
                // Checked before claiming, so a refused resume leaves the job as it was.
                Some(
                    Operation::parse(&name, &value, &currency, &facets.categories)
                        .map_err(AppError::Validation)?,
                )
            };
            Ok(jobs::claim(c, job_id)?.then_some((job_id, operation)))
        })
    })
    .await?;
    let Some((job_id, operation)) = claimed else {
        // Running, finished, or taken up by someone else meanwhile: the page says which.
        return Ok(htmx::redirect(&req, &page_of(set_id)));
    };
    let currency = shell.shop.currency.clone();
    let job = match operation {
        None => start(&state.pool, &catalog, job_id, move |progress| {
            run_revert(progress, set_id, &actor)
        }),
        Some(operation) => start(&state.pool, &catalog, job_id, move |progress| {
            run_apply(progress, set_id, &operation, &actor, &currency)
        }),
    };
    let page = page_of(set_id);
    jobs::answer(&req, &state.pool, job, job_id, &page, &page).await
}
