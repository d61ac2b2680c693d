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
    crate::routes! { routes;
        GET "/admin/categories", view => handlers::list_categories;
        GET "/admin/categories/new", edit => crud::new::<CategoryForm>;
        POST "/admin/categories", edit => crud::create::<CategoryForm>;
        GET "/admin/categories/{id}", view => crud::edit::<CategoryForm>;
        POST "/admin/categories/{id}", edit => crud::update::<CategoryForm>;
        GET "/admin/categories/{id}/delete", delete => handlers::confirm_delete_category;
        POST "/admin/categories/{id}/delete", delete => handlers::delete_category;
    }
}
