use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    crate::routes! { routes;
        GET "/admin/inventory/products/{id}/stock", view => handlers::product_stock;
    }
}
