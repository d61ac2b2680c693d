use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    routes
        .get("/admin/inventory/reorder", view, handlers::low_stock)
        .post(
            "/admin/inventory/reorder/orders",
            manage,
            handlers::order_low,
        )
        .post(
            "/admin/inventory/reorder/level",
            manage,
            handlers::set_level,
        )
        .post("/admin/inventory/reorder/bulk", manage, handlers::set_bulk);
}
