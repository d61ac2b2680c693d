use crate::catalog::{bulk, categories, images, import, products};
use crate::web::routing::Routes;

pub fn configure(routes: &mut Routes<'_>) {
    // Fixed paths under /admin/products/ before the product's `{id}`, which would match them.
    import::configure(routes);
    bulk::configure(routes);
    products::configure(routes);
    images::configure(routes);
    categories::configure(routes);
}
