//! The audit log page.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::queries::{self, AuditFilter};
use super::views::{AuditListPage, AuditListResults};
use crate::app::AppState;
use crate::db;
use crate::error::AppError;
use crate::web::pagination::{CanonicalQuery, with_query};
use crate::web::shell::Shell;
use crate::web::{htmx, render};

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    before: String,
}

/// `GET /admin/audit?entity=staff&before=123`
pub async fn list_audit_entries(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let entity = query.entity.trim().to_owned();
    let filter = AuditFilter {
        entity_type: (!entity.is_empty()).then(|| entity.clone()),
        before_id: query.before.trim().parse().ok().filter(|id: &i64| *id > 0),
        ..AuditFilter::default()
    };
    let is_first_page = filter.before_id.is_none();
    let (mut rows, entity_types) = db::run(&state.pool, move |conn| {
        // One more row than shown tells whether there is a next page.
        let rows = queries::list(conn, &filter, PAGE_SIZE + 1)?;
        Ok((rows, queries::entity_types(conn)?))
    })
    .await?;
    // Newest first, by id: the next page is the entries before the last one shown.
    let query = CanonicalQuery::default().param("entity", &entity).encode();
    let next_url = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last()
            .map(|r| with_query("/admin/audit", &query, &format!("before={}", r.id)))
    } else {
        None
    };
    let newest_url = (!is_first_page).then(|| with_query("/admin/audit", &query, ""));
    if htmx::targets(&req, "audit-results") {
        return render(
            StatusCode::OK,
            &AuditListResults {
                shell,
                rows,
                entity,
                next_url,
                newest_url,
            },
        );
    }
    render(
        StatusCode::OK,
        &AuditListPage {
            shell,
            rows,
            entity_types,
            entity,
            next_url,
            newest_url,
        },
    )
}
