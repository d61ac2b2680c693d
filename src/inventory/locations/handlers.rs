//! Location handlers: extract → parse → command or query → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands;
use super::forms::LocationForm;
use super::models::{Location, LocationChanges};
use super::queries;
use super::views::{LocationFormPage, LocationListPage};
use crate::app::AppState;
use crate::auth::Permission;
use crate::db;
use crate::domain::ids::LocationId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::web::crud::{Activator, Filled, Finder, RecordForm, Retirable, Saver};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/inventory/locations`
pub async fn list_locations(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let me = shell.staff.as_ref().map(|s| s.id);
    let summaries = db::run(&state.pool, move |conn| {
        // A person limited to some locations sees those, and what they hold, only.
        let scope = scope_for(conn, me)?;
        let mut summaries = queries::summaries(conn)?;
        summaries.retain(|s| scope.allows(s.location.id));
        Ok(summaries)
    })
    .await?;
    let can_manage = shell.can(Permission::InventoryManage);
    render(
        StatusCode::OK,
        &LocationListPage::build(shell, summaries, can_manage),
    )
}

impl RecordForm for LocationForm {
    type Id = LocationId;
    type Record = Location;
    type Checked = LocationChanges;
    type Page = LocationFormPage;
    type Extra = ();
    const LIST: &'static str = "/admin/inventory/locations";
    const BLANK: fn() -> Self = LocationForm::blank;
    const OF: fn(&Location) -> Self = LocationForm::of;
    const PARSE: fn(&Self) -> Result<LocationChanges, FieldErrors> = LocationForm::parse;
    const FIND: Finder<Self> = queries::find;
    const SAVE: Saver<Self> = commands::save_location;

    fn saved_message(&self) -> String {
        format!("Location {} saved.", self.name.trim())
    }

    async fn extra(_: &HttpRequest, _: &AppState) -> Result<(), AppError> {
        Ok(())
    }

    async fn admit(shell: &Shell, state: &AppState, id: LocationId) -> Result<(), AppError> {
        let me = shell.staff.as_ref().map(|s| s.id);
        db::run(&state.pool, move |conn| scope_for(conn, me)?.check(id)).await
    }

    fn page(shell: Shell, _: (), f: Filled<Self>) -> LocationFormPage {
        LocationFormPage::build(shell, f.record, f.form, f.errors, f.conflict)
    }
}

/// Locations are deactivated, never deleted.
pub(super) struct LocationSwitch;

impl Retirable for LocationSwitch {
    type Id = LocationId;
    const LIST: &'static str = "/admin/inventory/locations";
    const SET: Activator<LocationId> = commands::set_active;
    const SAID: (&'static str, &'static str) = (
        "Location reactivated: it can hold stock again.",
        "Location deactivated.",
    );

    fn refused_at(id: LocationId) -> String {
        format!("{}/{id}", Self::LIST)
    }
}
