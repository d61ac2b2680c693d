use super::{handlers, views};
use crate::auth::tokens::ApiScope;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let read = Access::Token(ApiScope::CatalogRead);
    crate::routes! { routes;
        GET "/api/v1/products", read => handlers::list_products;
        GET "/api/v1/availability", read => handlers::availability;
    }
}

/// This folder's part of the OpenAPI document (`startup` merges every part).
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(handlers::list_products, handlers::availability),
    components(schemas(
        views::ProductList,
        views::ApiProduct,
        views::ApiVariant,
        views::AvailabilityList,
        views::Availability
    ))
)]
pub struct ApiDoc;
