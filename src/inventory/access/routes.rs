use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let owner = Access::Allowed(Permission::StaffManage);
    routes
        .get("/admin/inventory/access", owner, handlers::show_access)
        .post("/admin/inventory/access/{id}", owner, handlers::save_access);
}
