use super::actions;
use super::handlers::{self, TransferPages};
use crate::auth::Permission;
use crate::web::documents;
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
            documents::new::<TransferPages>,
        )
        .post(base, manage, documents::create::<TransferPages>)
        .get(
            "/admin/inventory/transfers/{id}",
            view,
            documents::show::<TransferPages>,
        )
        .post(
            "/admin/inventory/transfers/{id}",
            manage,
            documents::update::<TransferPages>,
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
