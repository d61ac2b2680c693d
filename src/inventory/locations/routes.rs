use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    routes
        .get("/admin/inventory/locations", view, handlers::list_locations)
        .get(
            "/admin/inventory/locations/new",
            manage,
            handlers::new_location_form,
        )
        .post(
            "/admin/inventory/locations",
            manage,
            handlers::create_location,
        )
        .get(
            "/admin/inventory/locations/{id}",
            view,
            handlers::edit_location_form,
        )
        .post(
            "/admin/inventory/locations/{id}",
            manage,
            handlers::update_location,
        )
        .post(
            "/admin/inventory/locations/{id}/deactivate",
            manage,
            handlers::deactivate_location,
        )
        .post(
            "/admin/inventory/locations/{id}/activate",
            manage,
            handlers::activate_location,
        );
}
