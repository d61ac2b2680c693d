//! The stocktake pages: the list, a new count, the count sheet with its scan box, and the
//! review of variances.

use askama::Template;

use super::forms::StartForm;
use super::models::{CountLine, StockCount};
use crate::catalog::Facets;
use crate::domain::ids::CountLineId;
use crate::domain::money::Money;
use crate::domain::problems::FieldErrors;
use crate::inventory::locations::Location;
use crate::shop::When;
use crate::web::confirm::Question;
use crate::web::filters;
use crate::web::pagination::PageLinks;
use crate::web::shell::Shell;

pub struct CountRow {
    pub count: StockCount,
    pub location: String,
    pub counted: i64,
    pub lines: i64,
    pub updated: When,
}

#[derive(Template)]
#[template(path = "inventory/counts/list.html")]
pub struct CountListPage {
    pub shell: Shell,
    pub rows: Vec<CountRow>,
    pub links: PageLinks,
    pub can_count: bool,
}

#[derive(Template)]
#[template(path = "inventory/counts/new.html")]
pub struct NewCountPage {
    pub shell: Shell,
    pub form: StartForm,
    pub errors: FieldErrors,
    pub locations: Vec<Location>,
    pub facets: std::sync::Arc<Facets>,
}

/// What the sheet shows above its lines.
pub struct SheetHead {
    pub count: StockCount,
    pub location: String,
    pub counted: i64,
    pub lines: i64,
}

#[derive(Template)]
#[template(path = "inventory/counts/sheet.html")]
pub struct SheetPage {
    pub shell: Shell,
    pub head: SheetHead,
    pub rows: Vec<CountLine>,
    /// The sheet's own query (q, show), without the page.
    pub view: String,
    pub q: String,
    pub show: String,
    pub next: Option<String>,
    /// What the last scan did, and whether it was refused.
    pub scan_message: Option<(String, bool)>,
    /// A scan of a variant outside the count's scope: the code and units, to add it with.
    pub scan_offer: Option<(String, String)>,
    /// A line's figure that was refused: (line id, message).
    pub line_error: Option<(CountLineId, String)>,
    pub can_count: bool,
    pub can_post: bool,
}

impl SheetPage {
    pub fn is_open(&self) -> bool {
        self.head.count.status.as_str() == "open"
    }

    pub fn started(&self) -> When {
        self.shell.shop.when(&self.head.count.created_at)
    }

    pub fn closed(&self) -> Option<When> {
        self.head
            .count
            .closed_at
            .as_ref()
            .map(|at| self.shell.shop.when(at))
    }

    pub fn line_error_for(&self, line: impl std::borrow::Borrow<CountLineId>) -> Option<&str> {
        let line = *line.borrow();
        self.line_error
            .as_ref()
            .filter(|(id, _)| *id == line)
            .map(|(_, m)| m.as_str())
    }
}

/// A variance line of the review.
pub struct VarianceRow {
    pub line: CountLine,
    pub units: i64,
    /// The variance at cost, in minor units (none without a cost).
    pub value: Option<i64>,
}

#[derive(Template)]
#[template(path = "inventory/counts/review.html")]
pub struct ReviewPage {
    pub shell: Shell,
    pub head: SheetHead,
    pub rows: Vec<VarianceRow>,
    pub can_post: bool,
}

impl ReviewPage {
    pub fn money(&self, minor: impl std::borrow::Borrow<i64>) -> String {
        Money::format_minor(*minor.borrow(), &self.shell.shop.currency)
    }

    /// A variance's value at cost, or none without a cost.
    pub fn value_of(&self, row: &VarianceRow) -> Option<String> {
        row.value.map(|v| self.money(v))
    }

    pub fn net_units(&self) -> i64 {
        self.rows.iter().map(|r| r.units).sum()
    }

    pub fn net_value(&self) -> String {
        self.money(self.rows.iter().filter_map(|r| r.value).sum::<i64>())
    }

    pub fn uncounted(&self) -> i64 {
        self.head.lines - self.head.counted
    }

    pub fn post_question(&self) -> Question {
        post_question(&self.head, self.rows.len())
    }

    pub fn abandon_question(&self) -> Question {
        abandon_question(&self.head)
    }
}

pub fn post_question(head: &SheetHead, changed: usize) -> Question {
    let id = head.count.id;
    Question {
        heading: format!("Post count {id}?"),
        message: format!(
            "{} at {} change to what was counted (movements since counting stay on top). Lines \
             not counted are left as they are. A posted count cannot be posted again.",
            crate::domain::words::count(changed as i64, "level", "levels"),
            head.location
        ),
        button: "Post count".into(),
        cancel: format!("/admin/inventory/counts/{id}/review"),
    }
}

pub fn abandon_question(head: &SheetHead) -> Question {
    let id = head.count.id;
    Question {
        heading: format!("Abandon count {id}?"),
        message: "The figures counted so far are kept for reference but change nothing. An \
                  abandoned count cannot be posted."
            .into(),
        button: "Abandon count".into(),
        cancel: format!("/admin/inventory/counts/{id}"),
    }
}
