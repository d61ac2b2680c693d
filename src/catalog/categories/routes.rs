use super::forms::CategoryForm;
use super::handlers;
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    let delete = Access::Allowed(Permission::CatalogDelete);
    // Fixed paths before `{id}`, which would match them too.
    routes
        .get("/admin/categories", view, handlers::list_categories)
        .get("/admin/categories/new", edit, crud::new::<CategoryForm>)
        .post("/admin/categories", edit, crud::create::<CategoryForm>)
        .get("/admin/categories/{id}", view, crud::edit::<CategoryForm>)
        .post("/admin/categories/{id}", edit, crud::update::<CategoryForm>)
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
