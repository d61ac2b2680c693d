use super::{actions, handlers};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    let base = "/admin/inventory/transfers";
    routes
        .get(base, view, handlers::list_transfers)
        .get(
            "/admin/inventory/transfers/new",
            manage,
            handlers::new_transfer,
        )
        .post(base, manage, handlers::create_transfer)
        .get(
            "/admin/inventory/transfers/{id}",
            view,
            handlers::show_transfer,
        )
        .post(
            "/admin/inventory/transfers/{id}",
            manage,
            handlers::update_transfer,
        )
        .get(
            "/admin/inventory/transfers/{id}/sheet",
            view,
            handlers::transfer_sheet,
        )
        .post(
            "/admin/inventory/transfers/{id}/send",
            manage,
            actions::send_transfer,
        )
        .post(
            "/admin/inventory/transfers/{id}/receive",
            manage,
            actions::receive_transfer,
        )
        .post(
            "/admin/inventory/transfers/{id}/close",
            manage,
            actions::close_transfer,
        )
        .post(
            "/admin/inventory/transfers/{id}/cancel",
            manage,
            actions::cancel_transfer,
        );
}
