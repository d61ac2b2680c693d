use super::actions;
use super::handlers::{self, PurchaseOrderPages};
use crate::auth::Permission;
use crate::web::documents;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let receive = Access::Allowed(Permission::InventoryAdjust);
    let manage = Access::Allowed(Permission::InventoryManage);
    let base = "/admin/inventory/purchase-orders";
    routes
        .get(base, view, handlers::list_purchase_orders)
        .get(
            "/admin/inventory/purchase-orders/new",
            manage,
            handlers::new_purchase_order,
        )
        .post(base, manage, documents::create::<PurchaseOrderPages>)
        .get(
            "/admin/inventory/purchase-orders/{id}",
            view,
            documents::show::<PurchaseOrderPages>,
        )
        .post(
            "/admin/inventory/purchase-orders/{id}",
            manage,
            documents::update::<PurchaseOrderPages>,
        )
        .get(
            "/admin/inventory/purchase-orders/{id}/print",
            view,
            handlers::print_purchase_order,
        )
        .get(
            "/admin/inventory/purchase-orders/{id}/lines.csv",
            view,
            handlers::export_lines,
        )
        .post(
            "/admin/inventory/purchase-orders/{id}/place",
            manage,
            actions::place_purchase_order,
        )
        .post(
            "/admin/inventory/purchase-orders/{id}/receive",
            receive,
            actions::receive_purchase_order,
        )
        .post(
            "/admin/inventory/purchase-orders/{id}/close",
            manage,
            actions::close_purchase_order,
        )
        .post(
            "/admin/inventory/purchase-orders/{id}/cancel",
            manage,
            actions::cancel_purchase_order,
        );
}
