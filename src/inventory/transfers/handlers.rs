//! Transfer handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::commands;
use super::forms::TransferForm;
use super::lines::lines_text;
use super::models::{DraftChanges, TransferStatus};
use super::queries;
use super::views::{TransferListPage, TransferPage, TransferRow, TransferSheet};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db::{self, DbConnection};
use crate::domain::ids::TransferId;
use crate::domain::ids::TransferLineId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::locations::all_locations;
use crate::shop::Shop;
use crate::web::documents::{DocumentPage, DraftForm, DraftSaver, Shown};
use crate::web::pagination::{Cursor, PageLinks};
use crate::web::render;
use crate::web::shell::Shell;

const PAGE: i64 = 50;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListParams {
    status: String,
    after: String,
    before: String,
}

/// `GET /admin/inventory/transfers`
pub async fn list_transfers(
    shell: Shell,
    state: web::Data<AppState>,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let status = TransferStatus::parse(&params.status);
    let cursor = Cursor::from_params(&params.after, &params.before);
    let reading = cursor.clone();
    let me = shell.staff.as_ref().map(|s| s.id);
    let ((transfers, more), totals, locations) = db::run(&state.pool, move |conn| {
        let limit = scope_for(conn, me)?.limit();
        let page = queries::list(conn, status, limit.as_deref(), reading.as_ref(), PAGE)?;
        let ids: Vec<TransferId> = page.0.iter().map(|t| t.id).collect();
        Ok((page, queries::totals(conn, &ids)?, all_locations(conn)?))
    })
    .await?;
    let name = |id| {
        locations
            .iter()
            .find(|l| l.id == id)
            .map_or_else(String::new, |l| l.name.clone())
    };
    let rows: Vec<TransferRow> = transfers
        .into_iter()
        .map(|transfer| TransferRow {
            from: name(transfer.from_location_id),
            to: name(transfer.to_location_id),
            units: totals
                .iter()
                .find(|(id, _)| *id == transfer.id)
                .map_or(0, |(_, u)| *u),
            updated: shell.shop.when(&transfer.updated_at),
            transfer,
        })
        .collect();
    let status_param = status
        .map(|s| format!("status={}", s.as_str()))
        .unwrap_or_default();
    let links = PageLinks::new(
        "/admin/inventory/transfers",
        &status_param,
        &rows,
        cursor.as_ref(),
        more,
        |r| Cursor::encode(&r.transfer.id.to_string(), r.transfer.id.get()),
    );
    let can_manage = shell.can(Permission::InventoryManage);
    let page = TransferListPage {
        shell,
        rows,
        status: status.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        links,
        can_manage,
    };
    render(StatusCode::OK, &page)
}

/// The transfer pages, for the shared document flow.
pub(super) struct TransferPages;

impl DocumentPage for TransferPages {
    type Id = TransferId;
    type LineId = TransferLineId;
    type Form = TransferForm;
    const PATH: &'static str = "/admin/inventory/transfers";

    /// The transfer page as it is now, with a form and messages to show on it.
    async fn page(
        status: StatusCode,
        shell: Shell,
        state: &AppState,
        id: Option<TransferId>,
        shown: Shown<TransferForm, TransferLineId>,
    ) -> Result<HttpResponse, AppError> {
        let me = shell.staff.as_ref().map(|s| s.id);
        let (transfer, lines, locations) = db::run(&state.pool, move |conn| {
            let mut transfer = match id {
                Some(id) => Some(queries::find(conn, id)?.ok_or(AppError::NotFound)?),
                None => None,
            };
            // "Last by" names the person, not their sign-in email.
            if let Some(document) = transfer.as_mut() {
                document.updated_by = crate::audit::person_named(conn, &document.updated_by)?;
            }
            if let Some(t) = &transfer {
                let ends = [t.from_location_id, t.to_location_id];
                scope_for(conn, me)?.check_any(&ends)?;
            }
            let lines = match id {
                Some(id) => queries::lines_of(conn, id)?,
                None => Vec::new(),
            };
            Ok((transfer, lines, all_locations(conn)?))
        })
        .await?;
        let form = shown.form.unwrap_or_else(|| match &transfer {
            Some(t) => {
                let typed: Vec<(String, i64)> =
                    lines.iter().map(|l| (l.sku.clone(), l.quantity)).collect();
                TransferForm::of(t, lines_text(&typed))
            }
            None => TransferForm::default(),
        });
        let can_manage = shell.can(Permission::InventoryManage);
        let view = TransferPage {
            shell,
            transfer,
            lines,
            locations,
            form,
            errors: shown.errors,
            receipt_errors: shown.line_problems,
            conflict: shown.conflict,
            can_manage,
        };
        render(status, &view)
    }
}

impl DraftForm for TransferPages {
    type Changes = DraftChanges;
    const SAVED: &'static str = "Draft saved. Send it when the stock leaves.";
    const SAVE: DraftSaver<Self> = commands::save_draft;

    fn parse(form: &TransferForm, _: &Shop) -> Result<DraftChanges, FieldErrors> {
        form.parse()
    }

    /// The lines its origin cannot send yet: "Not enough at Main yet: TR-1 (10 of 60)."
    fn warning(conn: &mut DbConnection, id: TransferId) -> Result<Option<String>, AppError> {
        let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let lines = queries::lines_of(conn, id)?;
        let variants: Vec<_> = lines.iter().map(|l| l.variant_id).collect();
        let levels = queries::available_at(conn, transfer.from_location_id, &variants)?;
        let mut short = Vec::new();
        for line in &lines {
            let available = levels
                .iter()
                .find(|(v, _)| *v == line.variant_id)
                .map_or(0, |(_, units)| *units);
            if available < line.quantity {
                short.push(format!(
                    "{} ({} of {})",
                    line.sku,
                    available.max(0),
                    line.quantity
                ));
            }
        }
        if short.is_empty() {
            return Ok(None);
        }
        let origin = all_locations(conn)?
            .into_iter()
            .find(|l| l.id == transfer.from_location_id)
            .map_or_else(|| "the origin".to_owned(), |l| l.name);
        Ok(Some(format!(
            "Not enough at {origin} yet to send it: {}.",
            short.join(", ")
        )))
    }
}

/// `GET /admin/inventory/transfers/{id}/sheet`: the printable sheet.
pub async fn transfer_sheet(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<TransferId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let me = shell.staff.as_ref().map(|s| s.id);
    let (transfer, lines, locations) = db::run(&state.pool, move |conn| {
        let transfer = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let ends = [transfer.from_location_id, transfer.to_location_id];
        scope_for(conn, me)?.check_any(&ends)?;
        Ok((transfer, queries::lines_of(conn, id)?, all_locations(conn)?))
    })
    .await?;
    let find = |id| {
        locations
            .iter()
            .find(|l| l.id == id)
            .cloned()
            .ok_or(AppError::NotFound)
    };
    let (from, to) = (
        find(transfer.from_location_id)?,
        find(transfer.to_location_id)?,
    );
    let printed = shell.shop.when(&db::now());
    render(
        StatusCode::OK,
        &TransferSheet {
            shell,
            transfer,
            lines,
            from,
            to,
            printed,
        },
    )
}
