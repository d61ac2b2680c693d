use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    crate::routes! { routes;
        POST "/admin/products/{id}/images", edit => handlers::upload_image;
        GET "/admin/products/{id}/images/{image}", view => handlers::show_image;
        GET "/admin/products/{id}/images/{image}/thumbnail", view => handlers::show_thumbnail;
        POST "/admin/products/{id}/images/{image}", edit => handlers::update_image;
    }
}
