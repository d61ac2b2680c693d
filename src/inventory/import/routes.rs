use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let adjust = Access::Allowed(Permission::InventoryAdjust);
    crate::routes! { routes;
        GET "/admin/inventory/import", adjust => handlers::import_form;
        POST "/admin/inventory/import", adjust => handlers::check_import;
        GET "/admin/inventory/import/template.csv", adjust => handlers::import_template;
        GET "/admin/inventory/imports/{id}", adjust => handlers::show_import;
        POST "/admin/inventory/imports/{id}/apply", adjust => handlers::apply_import;
        POST "/admin/inventory/imports/{id}/resume", adjust => handlers::resume_import;
    }
}
