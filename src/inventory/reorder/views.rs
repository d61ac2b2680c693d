//! The low-stock list.

use askama::Template;

use super::queries::{Coming, LowLine};
use crate::catalog::Facets;
use crate::domain::ids::{LocationId, SupplierId};
use crate::domain::money::Money;
use crate::domain::words::grouped;
use crate::inventory::locations::Location;
use crate::web::filters;
use crate::web::pagination::PageLinks;
use crate::web::shell::Shell;

/// The view's filters as typed, for the form.
pub struct LowView {
    pub supplier: String,
    pub q: String,
    pub category: String,
    pub vendor: String,
}

#[derive(Template)]
#[template(path = "inventory/reorder.html")]
pub struct LowStockPage {
    pub shell: Shell,
    pub locations: Vec<Location>,
    pub location: Option<LocationId>,
    pub suppliers: Vec<(SupplierId, String)>,
    pub lines: Vec<LowLine>,
    /// Every low level the view keeps, on every page.
    pub total: i64,
    pub links: PageLinks,
    pub params: LowView,
    /// The catalog's categories and vendors, for the filters.
    pub facets: std::sync::Arc<Facets>,
    pub can_order: bool,
}

impl LowStockPage {
    pub fn is_location(&self, id: &LocationId) -> bool {
        self.location == Some(*id)
    }

    pub fn is_supplier(&self, id: &SupplierId) -> bool {
        self.params.supplier == id.to_string()
    }

    /// "1,598 low at Main".
    pub fn heading(&self) -> String {
        let name = self
            .locations
            .iter()
            .find(|l| Some(l.id) == self.location)
            .map_or("this location", |l| l.name.as_str());
        format!("{} low at {name}", grouped(self.total))
    }

    pub fn filtered(&self) -> bool {
        !(self.params.supplier.is_empty()
            && self.params.q.is_empty()
            && self.params.category.is_empty()
            && self.params.vendor.is_empty())
    }

    pub fn total_text(&self) -> String {
        grouped(self.total)
    }

    pub fn cost(&self, line: &LowLine) -> String {
        line.cost
            .map(|c| Money::format_minor(c, &self.shell.shop.currency))
            .unwrap_or_default()
    }

    /// Where a line's variant is already coming from, as a link: (address, words).
    pub fn coming(&self, line: &LowLine) -> Option<(String, String)> {
        line.coming.as_ref().map(|c| match c {
            Coming::PurchaseOrder(id) => (
                format!("/admin/inventory/purchase-orders/{id}"),
                format!("On purchase order #{id}"),
            ),
            Coming::Transfer(id) => (
                format!("/admin/inventory/transfers/{id}"),
                format!("On transfer #{id}"),
            ),
        })
    }
}
