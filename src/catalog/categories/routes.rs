use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    let delete = Access::Allowed(Permission::CatalogDelete);
    // Fixed paths before `{id}`, which would match them too.
    routes
        .get("/admin/categories", view, handlers::list_categories)
        .get("/admin/categories/new", edit, handlers::new_category_form)
        .post("/admin/categories", edit, handlers::create_category)
        .get("/admin/categories/{id}", view, handlers::edit_category_form)
        .post("/admin/categories/{id}", edit, handlers::update_category)
        .get(
            "/admin/categories/{id}/delete",
            delete,
            handlers::confirm_delete_category,
        )
        .post(
            "/admin/categories/{id}/delete",
            delete,
            handlers::delete_category,
        );
}
