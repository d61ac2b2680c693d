use super::{handlers, sheet};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let count = Access::Allowed(Permission::InventoryAdjust);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/counts", view => handlers::list_counts;
        GET "/admin/inventory/counts/new", count => handlers::new_count;
        POST "/admin/inventory/counts", count => handlers::start_count;
        GET "/admin/inventory/counts/{id}", view => sheet::count_sheet;
        GET "/admin/inventory/counts/{id}/review", view => handlers::review_count;
        POST "/admin/inventory/counts/{id}/scan", count => sheet::scan;
        POST "/admin/inventory/counts/{id}/lines/{line}", count => sheet::count_line;
        POST "/admin/inventory/counts/{id}/post", manage => handlers::post_count;
        POST "/admin/inventory/counts/{id}/abandon", manage => handlers::abandon_count;
        POST "/admin/inventory/counts/{id}/zero", manage => handlers::zero_uncounted;
    }
}
