//! Templates of the catalog's product pages.

use std::sync::Arc;

use askama::Template;

use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::{CategoryEntry, Facets};
use crate::catalog::filter::Sort;
use crate::catalog::forms::{ProductErrors, ProductForm, VariantRow};
use crate::web::shell::Shell;

/// One row of the product list, ready to show.
pub struct ListRow {
    pub id: i64,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub variant_count: i64,
    pub price: String,
    pub vendor: String,
    pub thumbnail: Option<String>,
    pub updated: String,
}

/// The list's current filters, echoed back into the filter form and links.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub q: String,
    pub status: String,
    pub category: String,
    pub vendor: String,
    pub product_type: String,
    pub tag: String,
    pub sort: &'static str,
    /// The filters as a query string (no cursor), for links and exports.
    pub query: String,
    pub filtered: bool,
}

#[derive(Template)]
#[template(path = "catalog/list.html")]
pub struct ProductListPage {
    pub shell: Shell,
    pub rows: Vec<ListRow>,
    pub state: ListState,
    pub facets: Arc<Facets>,
    pub sorts: &'static [Sort],
    pub statuses: &'static [ProductStatus],
    pub count_label: String,
    pub matching: i64,
    pub capped: bool,
    pub next_url: Option<String>,
    pub prev_url: Option<String>,
    pub can_edit: bool,
    pub can_import: bool,
}

#[derive(Template)]
#[template(path = "catalog/list.html", block = "results")]
pub struct ProductListResults {
    pub shell: Shell,
    pub rows: Vec<ListRow>,
    pub state: ListState,
    pub count_label: String,
    pub matching: i64,
    pub capped: bool,
    pub next_url: Option<String>,
    pub prev_url: Option<String>,
    pub can_edit: bool,
    pub can_import: bool,
}

#[derive(Template)]
#[template(path = "catalog/form.html")]
pub struct ProductFormPage {
    pub shell: Shell,
    pub product_id: Option<i64>,
    pub heading: String,
    pub form: ProductForm,
    pub errors: ProductErrors,
    pub categories: Vec<CategoryEntry>,
    pub statuses: &'static [ProductStatus],
    /// Existing variants the new options would delete; saving needs a confirmation.
    pub removals: Vec<VariantRow>,
    pub conflict: Option<String>,
    pub notice: Option<String>,
    pub can_edit: bool,
    pub can_delete: bool,
    pub ever_active: bool,
    pub images: Vec<(i64, String)>,
    pub currency_code: &'static str,
}

impl ProductFormPage {
    pub fn option_names(&self) -> Vec<String> {
        self.form.option_names()
    }
}

#[derive(Template)]
#[template(path = "catalog/delete.html")]
pub struct DeleteProductPage {
    pub shell: Shell,
    pub product_id: i64,
    pub title: String,
    pub variant_count: i64,
}
