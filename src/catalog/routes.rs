use crate::auth::Permission;
use crate::catalog::{bulk, categories, change_sets, csv_io, handlers, images, import_jobs};
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    let delete = Access::Allowed(Permission::CatalogDelete);
    let import = Access::Allowed(Permission::CatalogImport);
    // Fixed paths before `{id}`, which would match them too.
    routes
        .get("/admin/products", view, handlers::list_products)
        .get("/admin/products/new", edit, handlers::new_product_form)
        .post("/admin/products", edit, handlers::create_product)
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
        )
        .get("/admin/products/{id}", view, handlers::show_product)
        .post("/admin/products/{id}", edit, handlers::update_product)
        .post(
            "/admin/products/{id}/archive",
            edit,
            handlers::archive_product,
        )
        .get(
            "/admin/products/{id}/delete",
            delete,
            handlers::confirm_delete_product,
        )
        .post(
            "/admin/products/{id}/delete",
            delete,
            handlers::delete_product,
        )
        .post("/admin/products/{id}/images", edit, images::upload_image)
        .get(
            "/admin/products/{id}/images/{image}",
            view,
            images::show_image,
        )
        .get(
            "/admin/products/{id}/images/{image}/thumbnail",
            view,
            images::show_thumbnail,
        )
        .post(
            "/admin/products/{id}/images/{image}",
            edit,
            images::update_image,
        )
        .get("/admin/categories", view, categories::list_categories)
        .get("/admin/categories/new", edit, categories::new_category_form)
        .post("/admin/categories", edit, categories::create_category)
        .get(
            "/admin/categories/{id}",
            view,
            categories::edit_category_form,
        )
        .post("/admin/categories/{id}", edit, categories::update_category)
        .get(
            "/admin/categories/{id}/delete",
            delete,
            categories::confirm_delete_category,
        )
        .post(
            "/admin/categories/{id}/delete",
            delete,
            categories::delete_category,
        );
}
