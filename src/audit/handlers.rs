//! The audit log page.

use actix_web::{HttpRequest, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::app::AppState;
use crate::audit::queries::{self, AuditFilter, AuditRow};
use crate::db;
use crate::error::AppError;
use crate::web::htmx;
use crate::web::shell::Shell;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    entity: String,
    #[serde(default)]
    before: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit/list.html")]
pub struct AuditListPage {
    shell: Shell,
    rows: Vec<AuditRow>,
    entity_types: Vec<String>,
    entity: String,
    next_before: Option<i64>,
    is_first_page: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit/list.html", block = "results")]
pub struct AuditListResults {
    shell: Shell,
    rows: Vec<AuditRow>,
    entity: String,
    next_before: Option<i64>,
    is_first_page: bool,
}

/// `GET /admin/audit?entity=staff&before=123`
pub async fn list_audit_entries(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<actix_web::HttpResponse, AppError> {
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
    let next_before = if rows.len() as i64 > PAGE_SIZE {
        rows.truncate(PAGE_SIZE as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    use actix_web::Responder;
    if htmx::targets(&req, "audit-results") {
        return Ok(AuditListResults {
            shell,
            rows,
            entity,
            next_before,
            is_first_page,
        }
        .respond_to(&req)
        .map_into_boxed_body());
    }
    Ok(AuditListPage {
        shell,
        rows,
        entity_types,
        entity,
        next_before,
        is_first_page,
    }
    .respond_to(&req)
    .map_into_boxed_body())
}
