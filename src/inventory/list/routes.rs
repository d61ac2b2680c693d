use super::{export, handlers, picker, row};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    crate::routes! { routes;
        GET "/admin/inventory", view => handlers::list_stock;
        GET "/admin/inventory/export.csv", view => export::export_stock;
        GET "/admin/inventory/rows/{variant}", view => row::show_row;
        GET "/admin/inventory/picker", view => picker::pick_variants;
    }
}
