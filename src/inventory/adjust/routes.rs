use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let adjust = Access::Allowed(Permission::InventoryAdjust);
    routes
        .get("/admin/inventory/adjust", adjust, handlers::adjust_form)
        .post("/admin/inventory/adjust", adjust, handlers::adjust);
}
