//! The audit log page and its CSV export.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::describe::RECORD_TYPES;
use super::queries::{self, AuditFilter};
use super::views::{AuditEntry, AuditListPage, AuditListResults};
use crate::app::AppState;
use crate::db;
use crate::domain::ids::StaffId;
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::pagination::{CanonicalQuery, with_query};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

const PAGE_SIZE: i64 = 50;
/// Entries read per query while exporting.
const EXPORT_CHUNK: i64 = 1000;

/// The log's query string, as typed.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(default)]
pub struct AuditQuery {
    /// Record type: "product", "staff", …
    entity: String,
    /// One record's id (with `entity`): its history.
    record: String,
    /// A staff member's id.
    person: String,
    /// Dates in the shop's time zone, `YYYY-MM-DD`, both included.
    from: String,
    to: String,
    before: String,
}

impl AuditQuery {
    /// The filter these parameters ask for; dates are days in the shop's time zone.
    fn filter(&self, shop: &Shop) -> AuditFilter {
        let entity = self.entity.trim();
        let record = self.record.trim();
        let day = |text: &str, next: bool| -> Option<NaiveDateTime> {
            let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
            let date = if next { date.succ_opt()? } else { date };
            let local = date.and_hms_opt(0, 0, 0)?;
            let zoned = local.and_local_timezone(shop.time_zone).earliest()?;
            Some(zoned.naive_utc())
        };
        AuditFilter {
            entity_type: (!entity.is_empty()).then(|| entity.to_owned()),
            entity_id: (!record.is_empty() && !entity.is_empty()).then(|| record.to_owned()),
            staff_id: self.person.trim().parse::<i64>().ok().map(StaffId::new),
            before_id: self.before.trim().parse().ok().filter(|id: &i64| *id > 0),
            from: day(&self.from, false),
            until: day(&self.to, true),
            ..AuditFilter::default()
        }
    }

    /// The canonical query (no cursor).
    fn canonical(&self) -> String {
        CanonicalQuery::default()
            .param("entity", self.entity.trim())
            .param("record", self.record.trim())
            .param("person", self.person.trim())
            .param("from", self.from.trim())
            .param("to", self.to.trim())
            .encode()
    }
}

/// `GET /admin/audit?entity=product&record=12&person=3&from=2026-11-01&to=2026-11-30&before=123`
pub async fn list_audit_entries(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let filter = query.filter(&shell.shop);
    let is_first_page = filter.before_id.is_none();
    let (mut rows, names, people) = db::run(&state.pool, move |conn| {
        // One more row than shown tells whether there is a next page.
        let rows = queries::list(conn, &filter, PAGE_SIZE + 1)?;
        let names = queries::names_for(conn, &rows)?;
        Ok((rows, names, queries::people(conn)?))
    })
    .await?;
    // Newest first, by id: the next page is the entries before the last one shown.
    let canonical = query.canonical();
    let next_url = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last()
            .map(|r| with_query("/admin/audit", &canonical, &format!("before={}", r.id)))
    } else {
        None
    };
    let newest_url = (!is_first_page).then(|| with_query("/admin/audit", &canonical, ""));
    let export_url = with_query("/admin/audit/export.csv", &canonical, "");
    let entries: Vec<AuditEntry> = rows
        .into_iter()
        .map(|row| AuditEntry::new(row, &names, &shell.shop))
        .collect();
    let filtered = !canonical.is_empty();
    let record_name = entries
        .first()
        .filter(|_| !query.record.trim().is_empty())
        .map(|e| e.record_label.clone());
    if htmx::targets(&req, "audit-results") {
        let results = AuditListResults {
            entries,
            filtered,
            next_url,
            newest_url,
            export_url,
        };
        return render(StatusCode::OK, &results);
    }
    render(
        StatusCode::OK,
        &AuditListPage {
            shell,
            entries,
            record_types: RECORD_TYPES,
            people,
            entity: query.entity.trim().to_owned(),
            record: query.record.trim().to_owned(),
            record_name,
            person: query.person.trim().to_owned(),
            from: query.from.trim().to_owned(),
            to: query.to.trim().to_owned(),
            filtered,
            next_url,
            newest_url,
            export_url,
        },
    )
}

/// `GET /admin/audit/export.csv`: every entry the filters select, newest first, with the
/// changes in words.
pub async fn export_audit_entries(
    shell: Shell,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let mut filter = query.filter(&shell.shop);
    let shop = shell.shop.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut out = SheetWriter::new();
        let header = [
            "id",
            "time_utc",
            "who",
            "action",
            "record_type",
            "record_id",
            "record",
            "changes",
            "ip",
            "request_id",
        ];
        out.text_row(header).map_err(export_error)?;
        loop {
            let rows = queries::list(conn, &filter, EXPORT_CHUNK)?;
            let Some(last) = rows.last().map(|r| r.id) else {
                break;
            };
            let names = queries::names_for(conn, &rows)?;
            for row in rows {
                let (id, at, ip) = (row.id, row.at, row.ip.clone().unwrap_or_default());
                let request_id = row.request_id.clone().unwrap_or_default();
                let (record_type, record_id) = (
                    row.entity_type.clone(),
                    row.entity_id.clone().unwrap_or_default(),
                );
                let entry = AuditEntry::new(row, &names, &shop);
                let changes: Vec<String> = entry
                    .changes
                    .iter()
                    .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                    .collect();
                // Every cell is text (a title or a change can start with "="), the id aside.
                let id = id.to_string();
                let time = at.format("%Y-%m-%d %H:%M:%S").to_string();
                let changes = changes.join("; ");
                out.row(&[
                    Cell::Number(&id),
                    Cell::Text(&time),
                    Cell::Text(&entry.who),
                    Cell::Text(&entry.action_label),
                    Cell::Text(&record_type),
                    Cell::Text(&record_id),
                    Cell::Text(&entry.record_label),
                    Cell::Text(&changes),
                    Cell::Text(&ip),
                    Cell::Text(&request_id),
                ])
                .map_err(export_error)?;
            }
            filter.before_id = Some(last);
        }
        out.into_bytes()
            .map_err(|e| AppError::Unexpected(format!("audit export: {e}")))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}\"",
                shell.shop.file_name(&["audit-log"], "csv")
            ),
        ))
        .body(body))
}

fn export_error(error: csv::Error) -> AppError {
    AppError::Unexpected(format!("audit export: {error}"))
}
