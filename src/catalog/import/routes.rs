use super::{downloads, handlers};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let import = Access::Allowed(Permission::CatalogImport);
    routes
        .get(
            "/admin/products/export.csv",
            view,
            downloads::export_products,
        )
        .get("/admin/products/import", import, handlers::import_form)
        .get("/admin/products/imports", import, handlers::import_history)
        .post("/admin/products/import", import, handlers::dry_run_import)
        .get(
            "/admin/products/import/template.csv",
            import,
            downloads::import_template,
        )
        .get("/admin/products/import/{id}", import, handlers::show_import)
        .get(
            "/admin/products/import/{id}/changes.csv",
            import,
            downloads::import_changes,
        )
        .post(
            "/admin/products/import/{id}/apply",
            import,
            handlers::apply_import,
        )
        .post(
            "/admin/products/import/{id}/resume",
            import,
            handlers::resume_import,
        );
}
