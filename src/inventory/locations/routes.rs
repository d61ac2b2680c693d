use super::forms::LocationForm;
use super::handlers;
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    routes
        .get("/admin/inventory/locations", view, handlers::list_locations)
        .get(
            "/admin/inventory/locations/new",
            manage,
            crud::new::<LocationForm>,
        )
        .post(
            "/admin/inventory/locations",
            manage,
            crud::create::<LocationForm>,
        )
        .get(
            "/admin/inventory/locations/{id}",
            view,
            crud::edit::<LocationForm>,
        )
        .post(
            "/admin/inventory/locations/{id}",
            manage,
            crud::update::<LocationForm>,
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
