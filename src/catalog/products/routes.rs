use super::{handlers, list, removal};
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

/// Registered after every fixed path under `/admin/products/` (import, bulk edits), which
/// `{id}` would match too.
pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    let delete = Access::Allowed(Permission::CatalogDelete);
    crate::routes! { routes;
        GET "/admin/products", view => list::list_products;
        GET "/admin/products/count", view => list::count_products;
        GET "/admin/products/new", edit => handlers::new_product_form;
        POST "/admin/products", edit => handlers::create_product;
        GET "/admin/products/{id}", view => handlers::show_product;
        POST "/admin/products/{id}", edit => handlers::update_product;
        POST "/admin/products/{id}/duplicate", edit => handlers::duplicate_product;
        POST "/admin/products/{id}/archive", edit => removal::archive_product;
        GET "/admin/products/{id}/delete", delete => removal::confirm_delete_product;
        POST "/admin/products/{id}/delete", delete => removal::delete_product;
    }
}
