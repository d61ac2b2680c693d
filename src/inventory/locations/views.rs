//! The locations list and form.

use askama::Template;

use super::forms::LocationForm;
use super::models::{Location, LocationSummary};
use crate::domain::problems::FieldErrors;
use crate::domain::words;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/locations/list.html")]
pub struct LocationListPage {
    pub shell: Shell,
    pub rows: Vec<LocationSummary>,
    pub can_manage: bool,
    pub can_limit_staff: bool,
}

impl LocationListPage {
    pub fn build(shell: Shell, rows: Vec<LocationSummary>, can_manage: bool) -> LocationListPage {
        let can_limit_staff = shell.can(crate::auth::Permission::StaffManage);
        LocationListPage {
            can_limit_staff,
            shell,
            rows,
            can_manage,
        }
    }

    fn held(&self, row: &LocationSummary) -> String {
        if row.variants == 0 {
            "Nothing".into()
        } else {
            format!(
                "{} of {}",
                words::count(row.units, "unit", "units"),
                words::count(row.variants, "variant", "variants")
            )
        }
    }
}

#[derive(Template)]
#[template(path = "inventory/locations/form.html")]
pub struct LocationFormPage {
    pub shell: Shell,
    pub location: Option<Location>,
    pub form: LocationForm,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
    pub can_manage: bool,
}

impl LocationFormPage {
    pub fn build(
        shell: Shell,
        location: Option<Location>,
        form: LocationForm,
        errors: FieldErrors,
        conflict: Option<String>,
    ) -> LocationFormPage {
        let can_manage = shell.can(crate::auth::Permission::InventoryManage);
        LocationFormPage {
            shell,
            location,
            form,
            errors,
            conflict,
            can_manage,
        }
    }

    fn action(&self) -> String {
        match &self.location {
            Some(location) => format!("/admin/inventory/locations/{}", location.id),
            None => "/admin/inventory/locations".into(),
        }
    }
}
