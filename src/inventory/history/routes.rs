use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    routes
        .get("/admin/inventory/movements", view, handlers::list_movements)
        .get(
            "/admin/inventory/movements.csv",
            view,
            handlers::export_movements,
        )
        .get(
            "/admin/inventory/variants/{id}",
            view,
            handlers::variant_history,
        );
}
