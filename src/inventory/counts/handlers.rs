//! Stocktake pages: the list, starting a count, the review, posting and abandoning.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands::{self, StartOutcome};
use super::forms::StartForm;
use super::queries;
use super::views::{
    CountListPage, CountRow, NewCountPage, ReviewPage, SheetHead, VarianceRow, abandon_question,
    post_question,
};
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::CatalogState;
use crate::db::{self, DbConnection};
use crate::domain::ids::{CountId, StaffId};
use crate::domain::problems::FieldErrors;
use crate::domain::words::count;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::locations::{active_locations, all_locations};
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::{Cursor, PageLinks};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    after: String,
    before: String,
}

/// `GET /admin/inventory/counts`
pub async fn list_counts(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let cursor = Cursor::from_params(&params.after, &params.before);
    let reading = cursor.clone();
    let me = shell.staff.as_ref().map(|s| s.id);
    let ((counts, more), progress, locations) = db::run(&state.pool, move |conn| {
        let limit = scope_for(conn, me)?.limit();
        let page = queries::list(conn, limit.as_deref(), reading.as_ref(), PAGE)?;
        let ids: Vec<CountId> = page.0.iter().map(|c| c.id).collect();
        let progress = queries::progress_of(conn, &ids)?;
        Ok((page, progress, all_locations(conn)?))
    })
    .await?;
    let rows: Vec<CountRow> = counts
        .into_iter()
        .map(|count| {
            // The grouped query has no row for a count without lines, and no order.
            let (counted, lines) = progress
                .iter()
                .find(|(id, _, _)| *id == count.id)
                .map_or((0, 0), |(_, counted, all)| (*counted, *all));
            (count, counted, lines)
        })
        .map(|(count, counted, lines)| CountRow {
            location: locations
                .iter()
                .find(|l| l.id == count.location_id)
                .map_or_else(String::new, |l| l.name.clone()),
            counted,
            lines,
            updated: shell.shop.when(&count.updated_at),
            count,
        })
        .collect();
    let links = PageLinks::new(
        "/admin/inventory/counts",
        "",
        &rows,
        cursor.as_ref(),
        more,
        |r| Cursor::encode(&r.count.id.to_string(), r.count.id.get()),
    );
    let can_count = shell.can(Permission::InventoryAdjust);
    render(
        StatusCode::OK,
        &CountListPage {
            shell,
            rows,
            links,
            can_count,
        },
    )
}

async fn new_page(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    catalog: &CatalogState,
    form: StartForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let me = shell.staff.as_ref().map(|s| s.id);
    let locations = db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let mut locations = active_locations(conn)?;
        locations.retain(|l| scope.allows(l.id));
        Ok(locations)
    })
    .await?;
    render(
        status,
        &NewCountPage {
            shell,
            form,
            errors,
            locations,
            facets,
        },
    )
}

/// `GET /admin/inventory/counts/new`
pub async fn new_count(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let form = StartForm {
        scope: "all".into(),
        ..StartForm::default()
    };
    new_page(
        StatusCode::OK,
        shell,
        &state,
        &catalog,
        form,
        FieldErrors::new(),
    )
    .await
}

/// `POST /admin/inventory/counts`
pub async fn start_count(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    form: web::Form<StartForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let facets = catalog.facets(&state.pool).await?;
    let (location, scope, note) = match form.parse(&facets) {
        Ok(parsed) => parsed,
        Err(errors) => return new_page(invalid, shell, &state, &catalog, form, errors).await,
    };
    let started = db::run(&state.pool, move |conn| {
        commands::start_count(conn, &actor, location, &scope, &note)
    })
    .await?;
    match started {
        StartOutcome::Started(id) => Ok(flash::redirect(
            &req,
            &format!("/admin/inventory/counts/{id}"),
            FlashMessage::success("Count started. Scan or type what you find."),
        )),
        StartOutcome::Invalid(errors) => {
            new_page(invalid, shell, &state, &catalog, form, errors).await
        }
    }
}

/// Refuses a count at a location the person does not work at.
pub(super) fn guard(
    conn: &mut DbConnection,
    me: Option<StaffId>,
    id: CountId,
) -> Result<(), AppError> {
    let count = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    scope_for(conn, me)?.check(count.location_id)
}

/// The count, its location's name and its progress.
pub(super) fn head(conn: &mut DbConnection, id: CountId) -> Result<SheetHead, AppError> {
    let mut count = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
    // "Last by" names the person, not their sign-in email.
    count.updated_by = crate::audit::person_named(conn, &count.updated_by)?;
    let location = all_locations(conn)?
        .into_iter()
        .find(|l| l.id == count.location_id)
        .map_or_else(String::new, |l| l.name);
    let (counted, lines) = queries::progress(conn, id)?;
    Ok(SheetHead {
        count,
        location,
        counted,
        lines,
    })
}

/// `GET /admin/inventory/counts/{id}/review`: variances, largest value first.
pub async fn review_count(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<CountId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let me = shell.staff.as_ref().map(|s| s.id);
    let (head, lines) = db::run(&state.pool, move |conn| {
        guard(conn, me, id)?;
        Ok((head(conn, id)?, queries::variances(conn, id)?))
    })
    .await?;
    let mut rows: Vec<VarianceRow> = lines
        .into_iter()
        .map(|line| {
            let units = line.variance().unwrap_or(0);
            let value = line.cost.map(|cost| units * cost);
            VarianceRow { line, units, value }
        })
        .collect();
    // Largest first: by value at cost, then by units for lines without a cost.
    rows.sort_by_key(|r| std::cmp::Reverse((r.value.map(i64::abs).unwrap_or(0), r.units.abs())));
    let can_post = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &ReviewPage {
            shell,
            head,
            rows,
            can_post,
        },
    )
}

/// A move on a count that asks first: unless the person already confirmed, `ask` reads the
/// question (once the person's locations allow the count); then `work` makes the move, and the
/// person goes to `to` with its sentence.
async fn ask_then_move(
    req: HttpRequest,
    (state, posted, shell): (&AppState, Posted, Shell),
    (id, me, to): (CountId, Option<StaffId>, String),
    ask: impl FnOnce(&mut DbConnection) -> Result<Question, AppError> + Send + 'static,
    work: impl FnOnce(&mut DbConnection) -> Result<String, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    if !posted.confirmed() {
        let question = db::run(&state.pool, move |conn| {
            guard(conn, me, id)?;
            ask(conn)
        })
        .await?;
        return posted.ask(shell, question);
    }
    // The move itself asks `documents` whether the person works at the count's location.
    let message = db::run(&state.pool, work).await?;
    Ok(flash::redirect(&req, &to, FlashMessage::success(message)))
}

/// `POST /admin/inventory/counts/{id}/post`: asks first.
pub async fn post_count(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CountId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let to = format!("/admin/inventory/counts/{id}");
    ask_then_move(
        req,
        (&state, posted, shell),
        (id, actor.staff_id, to),
        move |conn| {
            let changed = queries::variances(conn, id)?.len();
            Ok(post_question(&head(conn, id)?, changed))
        },
        move |conn| commands::post_count(conn, &actor, id),
    )
    .await
}

/// `POST /admin/inventory/counts/{id}/zero`: every line not counted yet counts as none found,
/// after a question saying how many lines and what is on hand for them.
pub async fn zero_uncounted(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CountId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let review = format!("/admin/inventory/counts/{id}/review");
    let shop = shell.shop.clone();
    let cancel = review.clone();
    ask_then_move(
        req,
        (&state, posted, shell),
        (id, actor.staff_id, review),
        move |conn| {
            let stocktake = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
            let (lines, units, value) = queries::uncounted(conn, &stocktake)?;
            Ok(Question {
                heading: format!(
                    "Count {} as none found?",
                    count(lines, "uncounted line", "uncounted lines")
                ),
                message: format!(
                    "They hold {} now ({} at cost). Posting the count will take them out of stock.",
                    count(units, "unit", "units"),
                    shop.money(value)
                ),
                button: "Set them to zero".into(),
                cancel,
            })
        },
        move |conn| commands::zero_uncounted(conn, &actor, id),
    )
    .await
}

/// `POST /admin/inventory/counts/{id}/abandon`: asks first.
pub async fn abandon_count(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CountId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    ask_then_move(
        req,
        (&state, posted, shell),
        (id, actor.staff_id, "/admin/inventory/counts".to_owned()),
        move |conn| Ok(abandon_question(&head(conn, id)?)),
        move |conn| commands::abandon_count(conn, &actor, id),
    )
    .await
}
