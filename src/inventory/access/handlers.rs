//! `GET /admin/inventory/access`: which staff members are limited to which locations (owners).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;

use super::commands::set_limits;
use super::views::{AccessPage, MemberRow};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::db::schema::{staff, staff_locations};
use crate::domain::ids::{LocationId, StaffId};
use crate::error::AppError;
use crate::inventory::locations::active_locations;
use crate::web::confirm::Posted;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

pub async fn show_access(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (members, limits, locations) = db::run(&state.pool, |conn| {
        let members: Vec<(StaffId, String, String, bool)> = staff::table
            .order(staff::name.asc())
            .select((staff::id, staff::name, staff::role, staff::active))
            .load(conn)?;
        let limits: Vec<(StaffId, LocationId)> = staff_locations::table
            .select((staff_locations::staff_id, staff_locations::location_id))
            .load(conn)?;
        Ok((members, limits, active_locations(conn)?))
    })
    .await?;
    let rows = members
        .into_iter()
        .filter(|(.., active)| *active)
        .map(|(id, name, role, _)| MemberRow {
            limited_to: limits
                .iter()
                .filter(|(s, _)| *s == id)
                .map(|(_, l)| *l)
                .collect(),
            id,
            name,
            role,
        })
        .collect();
    render(
        StatusCode::OK,
        &AccessPage {
            shell,
            rows,
            locations,
        },
    )
}

/// `POST /admin/inventory/access/{staff}`: `scope` ("all" or "only") and the `location`
/// fields it is limited to.
pub async fn save_access(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StaffId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let member = id.into_inner();
    let chosen: Vec<LocationId> = posted
        .pairs()
        .iter()
        .filter(|(n, _)| n == "location")
        .map(|(_, v)| {
            v.trim()
                .parse()
                .map_err(|_| AppError::Validation("Choose locations from the list.".into()))
        })
        .collect::<Result<_, _>>()?;
    let every = posted
        .pairs()
        .iter()
        .any(|(n, v)| n == "scope" && v == "all");
    let chosen = if every { Vec::new() } else { chosen };
    if !every && chosen.is_empty() {
        return Err(AppError::Validation(
            "Tick the locations this person works at, or choose every location.".into(),
        ));
    }
    let said = db::run(&state.pool, move |conn| {
        set_limits(conn, &actor, member, &chosen)
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &format!("/admin/inventory/access#staff-{member}"),
        FlashMessage::success(said),
    ))
}
