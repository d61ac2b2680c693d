use super::actions;
use super::handlers::{self, TransferPages};
use crate::auth::Permission;
use crate::web::documents;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/transfers", view => handlers::list_transfers;
        GET "/admin/inventory/transfers/new", manage => documents::new::<TransferPages>;
        POST "/admin/inventory/transfers", manage => documents::create::<TransferPages>;
        GET "/admin/inventory/transfers/{id}", view => documents::show::<TransferPages>;
        POST "/admin/inventory/transfers/{id}", manage => documents::update::<TransferPages>;
        GET "/admin/inventory/transfers/{id}/sheet", view => handlers::transfer_sheet;
        POST "/admin/inventory/transfers/{id}/send", manage => actions::send_transfer;
        POST "/admin/inventory/transfers/{id}/receive", manage => actions::receive_transfer;
        POST "/admin/inventory/transfers/{id}/close", manage => actions::close_transfer;
        POST "/admin/inventory/transfers/{id}/cancel", manage => actions::cancel_transfer;
    }
}
