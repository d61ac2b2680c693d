use super::handlers::{self, ReasonSwitch};
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/reasons", view => handlers::list_reasons;
        POST "/admin/inventory/reasons", manage => handlers::add_reason;
        POST "/admin/inventory/reasons/{id}/retire", manage => crud::set_active::<ReasonSwitch, false>;
        POST "/admin/inventory/reasons/{id}/restore", manage => crud::set_active::<ReasonSwitch, true>;
    }
}
