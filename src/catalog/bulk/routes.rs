use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    crate::routes! { routes;
        POST "/admin/products/bulk", edit => handlers::choose_bulk_edit;
        POST "/admin/products/bulk/preview", edit => handlers::preview_bulk_edit;
        POST "/admin/products/bulk/apply", edit => handlers::apply_bulk_edit;
        GET "/admin/products/changes", view => handlers::list_change_sets;
        GET "/admin/products/changes/{id}", view => handlers::show_change_set;
        POST "/admin/products/changes/{id}/revert", edit => handlers::revert_change_set;
        POST "/admin/products/changes/{id}/resume", edit => handlers::resume_change_set;
    }
}
