use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let adjust = Access::Allowed(Permission::InventoryAdjust);
    crate::routes! { routes;
        GET "/admin/inventory/adjust", adjust => handlers::adjust_form;
        POST "/admin/inventory/adjust", adjust => handlers::adjust;
    }
}
