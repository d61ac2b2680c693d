//! The inventory page: its rows, menus and links.

use askama::Template;

use super::editor::RowEditor;
use super::filter::{StockParams, StockSort, StockState};
use super::queries::{LocationLevel, StockRow};
use crate::catalog::Facets;
use crate::domain::ids::LocationId;
use crate::domain::words::grouped;
use crate::inventory::locations::Location;
use crate::web::pagination::{PAGE_SIZES, PageLinks};
use crate::web::shell::Shell;

/// A reason in the quick-adjust menus: id, label, whether it needs a note.
pub type ReasonChoice = (i64, String, bool);

/// What the page and its results block both show.
pub struct StockView {
    pub params: StockParams,
    /// The canonical query (no cursor): the export follows it.
    pub query: String,
    pub rows: Vec<StockRow>,
    pub links: PageLinks,
    pub locations: Vec<Location>,
    /// The location the figures are for; none: all, summed.
    pub location: Option<LocationId>,
    /// The person works at some locations only: the menu offers those, not "All locations"
    /// (whose sums would include the others).
    pub limited: bool,
    pub reasons: Vec<ReasonChoice>,
    pub can_adjust: bool,
    pub can_manage: bool,
    pub filtered: bool,
    pub too_broad: bool,
    /// The address of this page, cursor included: where an adjustment comes back to.
    pub here: String,
    /// `here` as a link's query (`back=…`), encoded once for the page's 50 rows.
    pub back: String,
    /// The row shown open with its forms (a row's own answer; the list opens none).
    pub editor: Option<RowEditor>,
    /// A row rendered alone after a save: it is marked, and its button takes the focus back.
    pub saved: bool,
    /// Rendered alone (a row's own answer), so the row's button takes the keyboard focus.
    pub fragment: bool,
    /// The "all locations" row opened: its level at each location (id, name, on hand,
    /// committed, incoming).
    pub per_location: Option<Vec<LocationLevel>>,
}

impl StockView {
    pub fn location_name(&self) -> String {
        match self.location {
            Some(id) => self
                .locations
                .iter()
                .find(|l| l.id == id)
                .map_or_else(|| "that location".to_owned(), |l| l.name.clone()),
            None => "all locations".into(),
        }
    }

    pub fn states(&self) -> &'static [StockState] {
        &StockState::ALL
    }

    pub fn sorts(&self) -> &'static [StockSort] {
        &StockSort::ALL
    }

    pub fn page_sizes(&self) -> &'static [i64] {
        &PAGE_SIZES
    }

    pub fn is_location(&self, id: &LocationId) -> bool {
        self.location == Some(*id)
    }

    pub fn number(&self, n: impl std::borrow::Borrow<i64>) -> String {
        let n = n.borrow();
        if *n < 0 {
            format!("\u{2212}{}", grouped(-n))
        } else {
            grouped(*n)
        }
    }

    pub fn options(&self, row: &StockRow) -> String {
        [&row.option1, &row.option2, &row.option3]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" / ")
    }

    pub fn thumbnail(&self, row: &StockRow) -> Option<String> {
        row.cover_image_id.map(|image| {
            format!(
                "/admin/products/{}/images/{image}/thumbnail",
                row.product_id
            )
        })
    }

    pub fn is_low(&self, row: &StockRow) -> bool {
        row.reorder_point
            .is_some_and(|point| row.available() + row.incoming <= point)
    }

    /// "Reorder at 12 · 48": the level's point and quantity, when it has a point.
    pub fn reorder_at(&self, row: &StockRow) -> Option<String> {
        let point = row.reorder_point?;
        let quantity = row
            .reorder_quantity
            .map(|q| format!(" · {}", self.number(q)))
            .unwrap_or_default();
        Some(format!("Reorder at {}{quantity}", self.number(point)))
    }

    /// The `back=…` query a row's links carry to come back to `here`.
    pub fn back_query(here: &str) -> String {
        serde_urlencoded::to_string([("back", here)]).unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "inventory/list.html")]
pub struct StockListPage {
    pub shell: Shell,
    pub view: StockView,
    pub facets: std::sync::Arc<Facets>,
}

#[derive(Template)]
#[template(path = "inventory/list.html", block = "results")]
pub struct StockListResults {
    pub shell: Shell,
    pub view: StockView,
}

/// One row alone, for htmx to swap in place of the row it came from.
#[derive(Template)]
#[template(path = "inventory/stock_row_fragment.html")]
pub struct StockRowFragment {
    pub shell: Shell,
    pub view: StockView,
}
