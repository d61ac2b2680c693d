use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let owner = Access::Allowed(Permission::StaffManage);
    crate::routes! { routes;
        GET "/admin/inventory/access", owner => handlers::show_access;
        POST "/admin/inventory/access/{id}", owner => handlers::save_access;
    }
}
