//! The count sheet: its lines (uncounted first, searchable, paged), each saved on its own
//! with htmx, and the scan box that adds to a line and keeps the focus.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands::{self, Outside, ScanOutcome};
use super::forms::{LineForm, ScanForm};
use super::handlers::{guard, head};
use super::queries::{self, LineFilter};
use super::views::SheetPage;
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::db;
use crate::domain::ids::{CountId, CountLineId};
use crate::error::AppError;
use crate::inventory::domain::Quantity;
use crate::web::flash::{self, FlashMessage};
use crate::web::htmx;
use crate::web::pagination::{CanonicalQuery, with_query};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: i64 = 100;

/// What the sheet says about the last post.
#[derive(Default)]
struct Notes {
    /// The scan's message, and whether it was refused.
    scan: Option<(String, bool)>,
    /// A scan of a variant outside the count's scope: its code and units, to add it with.
    offer: Option<(String, String)>,
    /// A line's refused figure: line id, message.
    line: Option<(CountLineId, String)>,
}

impl Notes {
    fn scan(message: String, refused: bool) -> Notes {
        Notes {
            scan: Some((message, refused)),
            ..Notes::default()
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SheetParams {
    q: String,
    /// "" (uncounted first: all), "uncounted" or "counted"
    show: String,
    after: String,
}

impl SheetParams {
    fn from_view(view: &str) -> SheetParams {
        serde_urlencoded::from_str(view).unwrap_or_default()
    }

    fn view(&self) -> String {
        CanonicalQuery::default()
            .param("q", &self.q)
            .param("show", &self.show)
            .encode()
    }
}

async fn sheet(
    status: StatusCode,
    shell: Shell,
    state: &AppState,
    id: CountId,
    params: SheetParams,
    notes: Notes,
) -> Result<HttpResponse, AppError> {
    let filter = LineFilter {
        q: params.q.chars().take(80).collect(),
        uncounted_only: params.show == "uncounted",
        counted_only: params.show == "counted",
        after: params.after.trim().parse().ok(),
    };
    let me = shell.staff.as_ref().map(|s| s.id);
    let (head, mut rows) = db::run(&state.pool, move |conn| {
        guard(conn, me, id)?;
        Ok((
            head(conn, id)?,
            queries::lines(conn, id, &filter, PAGE + 1)?,
        ))
    })
    .await?;
    let view = params.view();
    let base = format!("/admin/inventory/counts/{id}");
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().map_or(0, |r| r.id.get());
        with_query(&base, &view, &format!("after={last}"))
    });
    let can_count = shell.can(Permission::InventoryAdjust);
    let can_post = shell.can(Permission::InventoryManage);
    let page = SheetPage {
        shell,
        head,
        rows,
        view,
        q: params.q,
        show: params.show,
        next,
        scan_message: notes.scan,
        scan_offer: notes.offer,
        line_error: notes.line,
        can_count,
        can_post,
    };
    render(status, &page)
}

/// `GET /admin/inventory/counts/{id}`
pub async fn count_sheet(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<CountId>,
    params: web::Query<SheetParams>,
) -> Result<HttpResponse, AppError> {
    sheet(
        StatusCode::OK,
        shell,
        &state,
        id.into_inner(),
        params.into_inner(),
        Notes::default(),
    )
    .await
}

/// `POST /admin/inventory/counts/{id}/lines/{line}`: one line's figure. With htmx the sheet
/// comes back and the row swaps in place; without, a redirect to the same view.
pub async fn count_line(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(CountId, CountLineId)>,
    form: web::Form<LineForm>,
) -> Result<HttpResponse, AppError> {
    let (id, line) = path.into_inner();
    let params = SheetParams::from_view(&form.view);
    let counted = match Quantity::parse(&form.counted) {
        Ok(counted) => counted,
        Err(e) => {
            let refused = Notes {
                line: Some((line, e.message().to_owned())),
                ..Notes::default()
            };
            return sheet(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &state,
                id,
                params,
                refused,
            )
            .await;
        }
    };
    db::run(&state.pool, move |conn| {
        guard(conn, actor.staff_id, id)?;
        commands::record_line(conn, &actor, id, line, counted)
    })
    .await?;
    if htmx::is_htmx(&req) {
        return sheet(StatusCode::OK, shell, &state, id, params, Notes::default()).await;
    }
    let back = with_query(&format!("/admin/inventory/counts/{id}"), &params.view(), "");
    Ok(flash::redirect(
        &req,
        &back,
        FlashMessage::success("Counted."),
    ))
}

/// `POST /admin/inventory/counts/{id}/scan`: adds to the scanned line; an unknown code is said
/// at once, and the box takes the next scan.
pub async fn scan(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<CountId>,
    form: web::Form<ScanForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (code, units) = match form.parse() {
        Ok(parsed) => parsed,
        Err(message) => {
            let refused = Notes::scan(message, true);
            return sheet(
                StatusCode::UNPROCESSABLE_ENTITY,
                shell,
                &state,
                id,
                SheetParams::default(),
                refused,
            )
            .await;
        }
    };
    let outside = if form.add == "yes" {
        Outside::Add
    } else {
        Outside::Ask
    };
    let scanned = code.clone();
    let outcome = db::run(&state.pool, move |conn| {
        guard(conn, actor.staff_id, id)?;
        commands::scan(conn, &actor, id, (&scanned, units), outside)
    })
    .await?;
    let (status, notes) = match outcome {
        ScanOutcome::Counted { sku, counted } => {
            let said = format!("{sku}: {counted} counted.");
            if !htmx::is_htmx(&req) {
                // Without JavaScript: back to the sheet with a GET, so a reload does not
                // count the scan again.
                let sheet = format!("/admin/inventory/counts/{id}");
                return Ok(flash::redirect(&req, &sheet, FlashMessage::success(said)));
            }
            (StatusCode::OK, Notes::scan(said, false))
        }
        ScanOutcome::OutsideScope { sku } => {
            let message = format!(
                "{sku} is not on this count: its scope left it out. If it is on the shelf, \
                 add it to the count."
            );
            let notes = Notes {
                offer: Some((code, units.get().to_string())),
                ..Notes::scan(message, true)
            };
            (StatusCode::UNPROCESSABLE_ENTITY, notes)
        }
        ScanOutcome::Unknown(message) => {
            (StatusCode::UNPROCESSABLE_ENTITY, Notes::scan(message, true))
        }
    };
    sheet(status, shell, &state, id, SheetParams::default(), notes).await
}
