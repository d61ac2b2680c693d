//! A product's stock page (and the product page's Stock section).

use askama::Template;

use super::queries::ProductLevel;
use crate::domain::ids::ProductId;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/product_stock.html")]
pub struct ProductStockPage {
    pub shell: Shell,
    pub product: ProductId,
    pub title: String,
    pub levels: Vec<ProductLevel>,
}
