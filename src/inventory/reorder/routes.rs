use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/reorder", view => handlers::low_stock;
        POST "/admin/inventory/reorder/orders", manage => handlers::order_low;
        POST "/admin/inventory/reorder/level", manage => handlers::set_level;
        POST "/admin/inventory/reorder/bulk", manage => handlers::set_bulk;
    }
}
