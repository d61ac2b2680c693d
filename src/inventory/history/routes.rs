use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    crate::routes! { routes;
        GET "/admin/inventory/movements", view => handlers::list_movements;
        GET "/admin/inventory/movements.csv", view => handlers::export_movements;
        GET "/admin/inventory/variants/{id}", view => handlers::variant_history;
    }
}
