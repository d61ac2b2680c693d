use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    routes
        .post("/admin/products/bulk", edit, handlers::choose_bulk_edit)
        .post(
            "/admin/products/bulk/preview",
            edit,
            handlers::preview_bulk_edit,
        )
        .post(
            "/admin/products/bulk/apply",
            edit,
            handlers::apply_bulk_edit,
        )
        .get("/admin/products/changes", view, handlers::list_change_sets)
        .get(
            "/admin/products/changes/{id}",
            view,
            handlers::show_change_set,
        )
        .post(
            "/admin/products/changes/{id}/revert",
            edit,
            handlers::revert_change_set,
        )
        .post(
            "/admin/products/changes/{id}/resume",
            edit,
            handlers::resume_change_set,
        );
}
