use super::{handlers, sheet};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let count = Access::Allowed(Permission::InventoryAdjust);
    let manage = Access::Allowed(Permission::InventoryManage);
    routes
        .get("/admin/inventory/counts", view, handlers::list_counts)
        .get("/admin/inventory/counts/new", count, handlers::new_count)
        .post("/admin/inventory/counts", count, handlers::start_count)
        .get("/admin/inventory/counts/{id}", view, sheet::count_sheet)
        .get(
            "/admin/inventory/counts/{id}/review",
            view,
            handlers::review_count,
        )
        .post("/admin/inventory/counts/{id}/scan", count, sheet::scan)
        .post(
            "/admin/inventory/counts/{id}/lines/{line}",
            count,
            sheet::count_line,
        )
        .post(
            "/admin/inventory/counts/{id}/post",
            manage,
            handlers::post_count,
        )
        .post(
            "/admin/inventory/counts/{id}/abandon",
            manage,
            handlers::abandon_count,
        );
}
