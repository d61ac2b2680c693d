//! One row of the inventory list, swapped in place by htmx: opened into its forms (change the
//! stock, set the reorder point), and shown again after a save with its new figures and a
//! toast, or with a refused save's message in the row. The page keeps its scroll and focus; the
//! list itself carries no forms, so fifty rows stay light. Without JavaScript the row's links
//! lead to the adjust page, which does the same on a page of its own.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::editor::RowEditor;
use super::filter::{StockFilter, StockParams};
use super::queries::{levels_of, stock_page};
use super::views::{StockRowFragment, StockView};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db;
use crate::domain::ids::{LocationId, VariantId};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::adjust::reason_choices;
use crate::web::htmx;
use crate::web::pagination::PageLinks;
use crate::web::render;
use crate::web::shell::Shell;

/// The element id of a variant's row (a `<tbody>`, so an open row can hold its forms' row too).
pub fn row_id(variant: VariantId) -> String {
    format!("stock-{variant}")
}

/// True when htmx posted a row's form and expects that row back.
pub fn targets_row(req: &HttpRequest, variant: VariantId) -> bool {
    htmx::targets(req, &row_id(variant))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RowParams {
    location: String,
    /// The list to come back to, when htmx does not say.
    back: String,
    /// Open the row into its forms.
    edit: String,
}

/// `GET /admin/inventory/rows/{variant}?location=…&edit=1`: a row, closed or open. Its forms
/// come back to the list the browser shows (htmx names it), or to `back`.
pub async fn show_row(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    path: web::Path<VariantId>,
    params: web::Query<RowParams>,
) -> Result<HttpResponse, AppError> {
    let variant = path.into_inner();
    let location: Option<LocationId> = match params.location.trim() {
        "" => None,
        text => Some(text.parse().map_err(|_| AppError::NotFound)?),
    };
    // A row opens into its forms at one location; the "all locations" row into its figures
    // at each location.
    let editor = (!params.edit.is_empty() && location.is_some()).then(RowEditor::default);
    let expanded = !params.edit.is_empty() && location.is_none();
    let back = match params.back.trim() {
        "" => htmx::current_url_path(&req).unwrap_or_default(),
        back => back.to_owned(),
    };
    let answer = RowAnswer {
        variant,
        location,
        back,
        editor,
        toast: None,
        expanded,
    };
    answer.respond(StatusCode::OK, shell, &state).await
}

/// A row as the answer to a request: closed (with a toast after a save) or open (with what was
/// typed and what was wrong).
pub struct RowAnswer {
    pub variant: VariantId,
    /// None: the "all locations" row (summed).
    pub location: Option<LocationId>,
    /// The list's address, cursor included: where the row's links and forms come back to.
    pub back: String,
    pub editor: Option<RowEditor>,
    pub toast: Option<String>,
    /// The "all locations" row opened into its figures at each location.
    pub expanded: bool,
}

impl RowAnswer {
    /// The answer to a row's form: closed with a toast after a save, open with what was typed
    /// otherwise.
    pub fn after_post(
        (variant, location): (VariantId, LocationId),
        back: String,
        (editor, toast): (Option<RowEditor>, Option<String>),
    ) -> RowAnswer {
        RowAnswer {
            variant,
            location: Some(location),
            back,
            editor,
            toast,
            expanded: false,
        }
    }

    pub async fn respond(
        self,
        status: StatusCode,
        shell: Shell,
        state: &AppState,
    ) -> Result<HttpResponse, AppError> {
        let me = shell.staff.as_ref().map(|s| s.id);
        let (variant, location, expanded) = (self.variant, self.location, self.expanded);
        // A closed row shows no forms: the reasons are read only for an open one.
        let open = self.editor.is_some();
        let (rows, reasons, per_location) = db::run(&state.pool, move |conn| {
            let scope = scope_for(conn, me)?;
            match location {
                Some(location) => scope.check(location)?,
                // Sums over every location are for those who work at all of them.
                None if scope.limit().is_some() => scope.check_any(&[])?,
                None => {}
            }
            let mut filter = StockFilter::from_params(&StockParams::default());
            filter.location = location;
            filter.exact = Some(variant);
            let (rows, _) = stock_page(conn, &filter, None, None)?;
            if rows.is_empty() {
                return Err(AppError::NotFound);
            }
            let per_location = match expanded {
                true => Some(levels_of(conn, variant)?),
                false => None,
            };
            let reasons = match open {
                true => reason_choices(conn)?,
                false => Vec::new(),
            };
            Ok((rows, reasons, per_location))
        })
        .await?;
        let here = crate::web::forms::back_within(&self.back, "/admin/inventory");
        let view = StockView {
            params: StockParams::default(),
            query: String::new(),
            rows,
            links: PageLinks::default(),
            locations: Vec::new(),
            location,
            limited: false,
            reasons,
            can_adjust: shell.can(Permission::InventoryAdjust),
            can_manage: shell.can(Permission::InventoryManage),
            filtered: false,
            too_broad: false,
            back: StockView::back_query(&here),
            here,
            editor: self.editor,
            saved: self.toast.is_some(),
            fragment: true,
            per_location,
        };
        let mut response = render(status, &StockRowFragment { shell, view })?;
        if let Some(message) = self.toast {
            htmx::toast(&mut response, "success", &message);
        }
        Ok(response)
    }
}
