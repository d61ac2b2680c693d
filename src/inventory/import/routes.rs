use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let adjust = Access::Allowed(Permission::InventoryAdjust);
    routes
        .get("/admin/inventory/import", adjust, handlers::import_form)
        .post("/admin/inventory/import", adjust, handlers::check_import)
        .get(
            "/admin/inventory/import/template.csv",
            adjust,
            handlers::import_template,
        )
        .get(
            "/admin/inventory/imports/{id}",
            adjust,
            handlers::show_import,
        )
        .post(
            "/admin/inventory/imports/{id}/apply",
            adjust,
            handlers::apply_import,
        )
        .post(
            "/admin/inventory/imports/{id}/resume",
            adjust,
            handlers::resume_import,
        );
}
