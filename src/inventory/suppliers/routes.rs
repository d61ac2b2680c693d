use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    routes
        .get("/admin/inventory/suppliers", view, handlers::list_suppliers)
        .get(
            "/admin/inventory/suppliers/new",
            manage,
            handlers::new_supplier,
        )
        .post(
            "/admin/inventory/suppliers",
            manage,
            handlers::create_supplier,
        )
        .get(
            "/admin/inventory/suppliers/{id}",
            view,
            handlers::edit_supplier,
        )
        .post(
            "/admin/inventory/suppliers/{id}",
            manage,
            handlers::update_supplier,
        )
        .post(
            "/admin/inventory/variants/{id}/supplier",
            manage,
            handlers::set_default_supplier,
        );
}
