//! The product pages and the building of what they show.

use std::sync::Arc;

use askama::Template;

use super::input::{ProductErrors, ProductInput, VariantRow};
use super::merge::FieldConflict;
use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::{CategoryEntry, Facets};
use crate::catalog::filter::{ListParams, Sort, canonical_query};
use crate::catalog::models::ProductRow;
use crate::domain::ids::{ImageId, ProductId};
use crate::domain::money::Money;
use crate::domain::words::{count, grouped};
use crate::shop::{Shop, When};
use crate::web::confirm::Question;
use crate::web::pagination::{PAGE_SIZES, PageLinks, page_size, with_query};
use crate::web::shell::Shell;

/// One row of the product list, ready to show.
pub struct ListRow {
    pub id: ProductId,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub variant_count: i64,
    pub price: String,
    pub vendor: String,
    pub thumbnail: Option<String>,
    pub updated: When,
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
    pub per_page: i64,
    /// The filters as a query string (no cursor), for links and exports.
    pub query: String,
    pub filtered: bool,
    /// The parameters as asked, to build the links that change one of them.
    params: ListParams,
}

/// A status tab above the list.
pub struct StatusTab {
    pub label: &'static str,
    pub url: String,
    pub current: bool,
}

/// A column head that sorts: where it leads and how the column is sorted now.
pub struct SortHead {
    pub url: String,
    /// `aria-sort`: "ascending", "descending" or "none".
    pub aria: &'static str,
}

#[derive(Template)]
#[template(path = "catalog/products/list.html")]
pub struct ProductListPage {
    pub shell: Shell,
    pub rows: Vec<ListRow>,
    pub state: ListState,
    pub facets: Arc<Facets>,
    pub sorts: &'static [Sort],
    pub page_sizes: &'static [i64],
    pub count_label: String,
    pub matching: i64,
    pub capped: bool,
    pub next_url: Option<String>,
    pub prev_url: Option<String>,
    pub can_edit: bool,
    pub can_import: bool,
}

#[derive(Template)]
#[template(path = "catalog/products/list.html", block = "results")]
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
}

#[derive(Template)]
#[template(path = "catalog/products/form.html")]
pub struct ProductFormPage {
    pub shell: Shell,
    pub product_id: Option<ProductId>,
    pub heading: String,
    pub input: ProductInput,
    pub confirm_removal: bool,
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
    pub images: Vec<(ImageId, String)>,
    pub currency_code: &'static str,
    /// The values this form started from (`merge::encode`), posted back with it.
    pub base: String,
    /// Fields both people changed in a merged stale save.
    pub conflicts: Vec<FieldConflict>,
    /// Whether the page links to the product's history in the audit log.
    pub can_view_history: bool,
    /// Existing vendors, types and the most used tags, suggested as the person types.
    pub suggestions: Arc<Facets>,
    /// Why the last image upload was refused, shown in the upload form.
    pub upload_error: Option<String>,
}

impl ProductFormPage {
    pub fn option_names(&self) -> Vec<String> {
        self.input.option_names()
    }

    /// Each error as a link to its field, for the summary at the top of the form.
    pub fn error_links(&self) -> Vec<(String, String)> {
        let mut links: Vec<(String, String)> = self
            .errors
            .fields
            .iter()
            .map(|(field, message)| {
                let anchor = match field {
                    "variants" => "variants".to_owned(),
                    f if f.starts_with("option") && !f.contains('_') => format!("f-{f}_values"),
                    f => format!("f-{f}"),
                };
                (format!("#{anchor}"), message.to_owned())
            })
            .collect();
        for (i, row) in self.errors.rows.iter().enumerate() {
            let key = self
                .input
                .variants
                .get(i)
                .map(|v| v.key.as_str())
                .unwrap_or("");
            for (field, message) in row {
                let text = if key.is_empty() {
                    message.clone()
                } else {
                    format!("{key}: {message}")
                };
                links.push((format!("#v{i}_{field}"), text));
            }
        }
        links
    }

    /// A warning for a compare-at price that shows no discount (not above the price).
    pub fn compare_at_warning(&self, row: &VariantRow) -> Option<&'static str> {
        let currency = &self.shell.shop.currency;
        let price = Money::parse(&row.price, currency).ok()?;
        let compare_at = Money::parse(&row.compare_at, currency).ok()?;
        (compare_at.amount() <= price.amount())
            .then_some("Not above the price: no discount will show.")
    }

    /// A warning for a cost above the price (each sale loses money).
    pub fn cost_warning(&self, row: &VariantRow) -> Option<&'static str> {
        let currency = &self.shell.shop.currency;
        let price = Money::parse(&row.price, currency).ok()?;
        let cost = Money::parse(&row.cost, currency).ok()?;
        (cost.amount() > price.amount()).then_some("Above the price: each sale loses money.")
    }

    /// What *Delete image* asks, in the dialog.
    pub fn delete_image_question(&self) -> &'static str {
        crate::catalog::images::DELETE_QUESTION
    }

    /// What *Archive* asks, in the dialog.
    pub fn archive_question(&self) -> Question {
        let id = self.product_id.map(|id| id.to_string()).unwrap_or_default();
        archive_question(&id, &self.input.title, self.input.variants.len() as i64)
    }
}

/// What archiving a product asks first: the dialog's text and the confirmation page.
pub fn archive_question(id: &str, title: &str, variants: i64) -> Question {
    Question {
        heading: format!("Archive {title}?"),
        message: format!(
            "{title} leaves the shop: its {} can no longer be sold. It stays on past orders \
             and in reports, and you can make it active again.",
            count(variants, "variant", "variants")
        ),
        button: "Archive product".into(),
        cancel: format!("/admin/products/{id}"),
    }
}

#[derive(Template)]
#[template(path = "catalog/products/delete.html")]
pub struct DeleteProductPage {
    pub shell: Shell,
    pub product_id: ProductId,
    pub title: String,
    pub variant_count: i64,
}

impl ListState {
    /// The list's filters as typed, with their canonical query string.
    pub fn new(params: &ListParams, sort: Sort) -> ListState {
        let query = canonical_query(params, sort);
        ListState {
            q: params.q.trim().to_owned(),
            status: params.status.trim().to_owned(),
            category: params.category.trim().to_owned(),
            vendor: params.vendor.trim().to_owned(),
            product_type: params.product_type.trim().to_owned(),
            tag: params.tag.trim().to_owned(),
            sort: sort.as_str(),
            per_page: page_size(&params.per),
            filtered: query.has_other_than(&["sort", "per"]),
            query: query.encode(),
            params: params.clone(),
        }
    }

    /// The list with one parameter changed (and back on its first page).
    fn with(&self, change: impl FnOnce(&mut ListParams)) -> String {
        let mut params = self.params.clone();
        change(&mut params);
        let sort = Sort::parse(&params.sort);
        with_query(
            "/admin/products",
            &canonical_query(&params, sort).encode(),
            "",
        )
    }

    /// All / Active / Draft / Archived, keeping the other filters.
    pub fn tabs(&self) -> Vec<StatusTab> {
        let all = std::iter::once(("", "All"));
        let each = ProductStatus::ALL.iter().map(|s| (s.as_str(), s.label()));
        all.chain(each)
            .map(|(word, label)| StatusTab {
                label,
                url: self.with(|p| p.status = word.to_owned()),
                current: ProductStatus::parse(&self.status).map_or("", |s| s.as_str()) == word,
            })
            .collect()
    }

    /// The head of a sortable column (`title`, `price` or `updated`): a link that sorts by it,
    /// or reverses the order when it is already the sort.
    pub fn sort_head(&self, column: &str) -> SortHead {
        let (ascending, descending, first) = match column {
            "title" => (Sort::TitleAsc, Sort::TitleDesc, Sort::TitleAsc),
            "price" => (Sort::PriceAsc, Sort::PriceDesc, Sort::PriceAsc),
            _ => (Sort::UpdatedAsc, Sort::UpdatedDesc, Sort::UpdatedDesc),
        };
        let (next, aria) = match Sort::parse(self.sort) {
            s if s == ascending => (descending, "ascending"),
            s if s == descending => (ascending, "descending"),
            _ => (first, "none"),
        };
        SortHead {
            url: self.with(|p| p.sort = next.as_str().to_owned()),
            aria,
        }
    }

    /// The list without filters, keeping the sort and page size.
    pub fn clear_url(&self) -> String {
        self.with(|p| {
            *p = ListParams {
                sort: p.sort.clone(),
                per: p.per.clone(),
                ..ListParams::default()
            }
        })
    }
}

impl ListRow {
    pub fn new(row: ProductRow, shop: &Shop) -> ListRow {
        let status = row.status;
        ListRow {
            id: row.id,
            title: row.title,
            status: status.as_str(),
            status_label: status.label(),
            variant_count: row.variant_count,
            price: price_range(shop, row.min_price, row.max_price),
            vendor: row.vendor,
            thumbnail: row
                .cover_image_id
                .map(|image| format!("/admin/products/{}/images/{image}/thumbnail", row.id)),
            updated: shop.when(&row.updated_at),
        }
    }
}

fn price_range(shop: &Shop, min: i64, max: i64) -> String {
    if min == max {
        shop.money(min)
    } else {
        let mut range = shop.money(min);
        range.push_str(" – ");
        range.push_str(&shop.money(max));
        range
    }
}

/// "1,000+ products", "1 product", "12 products".
pub fn count_label(matching: i64, capped: bool, cap: i64) -> String {
    if capped {
        format!("{}+ products", grouped(cap))
    } else {
        count(matching, "product", "products")
    }
}

/// One page of the product list, shown whole or as its results block.
pub struct ListView {
    pub rows: Vec<ListRow>,
    pub state: ListState,
    pub count_label: String,
    pub matching: i64,
    pub capped: bool,
    pub links: PageLinks,
    pub can_edit: bool,
    pub can_import: bool,
}

impl ListView {
    pub fn page(self, shell: Shell, facets: Arc<Facets>) -> ProductListPage {
        ProductListPage {
            shell,
            rows: self.rows,
            state: self.state,
            facets,
            sorts: &Sort::ALL,
            page_sizes: &PAGE_SIZES,
            count_label: self.count_label,
            matching: self.matching,
            capped: self.capped,
            next_url: self.links.next,
            prev_url: self.links.prev,
            can_edit: self.can_edit,
            can_import: self.can_import,
        }
    }

    pub fn results(self, shell: Shell) -> ProductListResults {
        ProductListResults {
            shell,
            rows: self.rows,
            state: self.state,
            count_label: self.count_label,
            matching: self.matching,
            capped: self.capped,
            next_url: self.links.next,
            prev_url: self.links.prev,
            can_edit: self.can_edit,
        }
    }
}
