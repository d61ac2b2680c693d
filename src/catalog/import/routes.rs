use super::{downloads, handlers};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let import = Access::Allowed(Permission::CatalogImport);
    crate::routes! { routes;
        GET "/admin/products/export.csv", view => downloads::export_products;
        GET "/admin/products/import", import => handlers::import_form;
        GET "/admin/products/imports", import => handlers::import_history;
        POST "/admin/products/import", import => handlers::dry_run_import;
        GET "/admin/products/import/template.csv", import => downloads::import_template;
        GET "/admin/products/import/{id}", import => handlers::show_import;
        GET "/admin/products/import/{id}/changes.csv", import => downloads::import_changes;
        POST "/admin/products/import/{id}/apply", import => handlers::apply_import;
        POST "/admin/products/import/{id}/resume", import => handlers::resume_import;
    }
}
