use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CatalogView);
    let edit = Access::Allowed(Permission::CatalogEdit);
    routes
        .post("/admin/products/{id}/images", edit, handlers::upload_image)
        .get(
            "/admin/products/{id}/images/{image}",
            view,
            handlers::show_image,
        )
        .get(
            "/admin/products/{id}/images/{image}/thumbnail",
            view,
            handlers::show_thumbnail,
        )
        .post(
            "/admin/products/{id}/images/{image}",
            edit,
            handlers::update_image,
        );
}
