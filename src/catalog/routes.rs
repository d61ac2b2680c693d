use crate::auth::Permission;
use crate::catalog::{bulk, categories, change_sets, csv_io, images, import_jobs, products};
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    let import = Access::Allowed(Permission::CatalogImport);
    // Fixed paths before `{id}`, which would match them too.
    routes
        .get("/admin/products/export.csv", view, csv_io::export_products)
        .get("/admin/products/import", import, csv_io::import_form)
        .post("/admin/products/import", import, csv_io::dry_run_import)
        .get(
            "/admin/products/import/{id}",
            import,
            import_jobs::show_import,
        )
        .post(
            "/admin/products/import/{id}/apply",
            import,
            import_jobs::apply_import,
        )
        .post(
            "/admin/products/import/{id}/resume",
            import,
            import_jobs::resume_import,
        )
        .post("/admin/products/bulk", edit, bulk::choose_bulk_edit)
        .post(
            "/admin/products/bulk/preview",
            edit,
            bulk::preview_bulk_edit,
        )
        .post(
            "/admin/products/bulk/apply",
            edit,
            change_sets::apply_bulk_edit,
        )
        .get(
            "/admin/products/changes",
            view,
            change_sets::list_change_sets,
        )
        .get(
            "/admin/products/changes/{id}",
            view,
            change_sets::show_change_set,
        )
        .post(
            "/admin/products/changes/{id}/revert",
            edit,
            change_sets::revert_change_set,
        )
        .post(
            "/admin/products/changes/{id}/resume",
            edit,
            change_sets::resume_change_set,
        );
    products::configure(routes);
    images::configure(routes);
    categories::configure(routes);
}
