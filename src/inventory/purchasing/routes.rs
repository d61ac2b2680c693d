use super::actions;
use super::handlers::{self, PurchaseOrderPages as Pages};
use crate::auth::Permission;
use crate::web::documents;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let receive = Access::Allowed(Permission::InventoryAdjust);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/purchase-orders", view => handlers::list_purchase_orders;
        GET "/admin/inventory/purchase-orders/new", manage => handlers::new_purchase_order;
        POST "/admin/inventory/purchase-orders", manage => documents::create::<Pages>;
        GET "/admin/inventory/purchase-orders/{id}", view => documents::show::<Pages>;
        POST "/admin/inventory/purchase-orders/{id}", manage => documents::update::<Pages>;
        GET "/admin/inventory/purchase-orders/{id}/print", view => handlers::print_purchase_order;
        GET "/admin/inventory/purchase-orders/{id}/lines.csv", view => handlers::export_lines;
        POST "/admin/inventory/purchase-orders/{id}/place", manage => actions::place_purchase_order;
        POST "/admin/inventory/purchase-orders/{id}/receive", receive => actions::receive_purchase_order;
        POST "/admin/inventory/purchase-orders/{id}/close", manage => actions::close_purchase_order;
        POST "/admin/inventory/purchase-orders/{id}/cancel", manage => actions::cancel_purchase_order;
    }
}
