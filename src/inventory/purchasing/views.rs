//! The purchase order pages: the list, one order (its form while a draft, its receipt once
//! placed), and the printable order.

use askama::Template;

use super::forms::PurchaseOrderForm;
use super::models::{PurchaseOrder, PurchaseOrderLine, PurchaseOrderStatus};
use crate::domain::ids::PurchaseOrderLineId;
use crate::domain::ids::{LocationId, SupplierId};
use crate::domain::money::Money;
use crate::domain::problems::{FieldErrors, line_problem};
use crate::domain::words::count;
use crate::inventory::domain::LineProblems;
use crate::inventory::locations::Location;
use crate::shop::When;
use crate::web::confirm::Question;
use crate::web::filters;
use crate::web::pagination::PageLinks;
use crate::web::shell::Shell;

pub struct PurchaseOrderRow {
    pub order: PurchaseOrder,
    pub supplier: String,
    pub location: String,
    pub units: i64,
    pub value: String,
    pub updated: When,
}

#[derive(Template)]
#[template(path = "inventory/purchasing/list.html")]
pub struct PurchaseOrderListPage {
    pub shell: Shell,
    pub rows: Vec<PurchaseOrderRow>,
    pub status: String,
    pub supplier: String,
    pub links: PageLinks,
    pub can_manage: bool,
}

impl PurchaseOrderListPage {
    pub fn statuses(&self) -> &'static [PurchaseOrderStatus] {
        PurchaseOrderStatus::ALL
    }
}

#[derive(Template)]
#[template(path = "inventory/purchasing/show.html")]
pub struct PurchaseOrderPage {
    pub shell: Shell,
    pub order: Option<PurchaseOrder>,
    pub lines: Vec<PurchaseOrderLine>,
    pub suppliers: Vec<(SupplierId, String)>,
    pub locations: Vec<Location>,
    pub form: PurchaseOrderForm,
    pub errors: FieldErrors,
    pub receipt_errors: LineProblems<PurchaseOrderLineId>,
    pub conflict: Option<String>,
    /// Clerks and up receive; managers and up change, place, close and cancel.
    pub can_receive: bool,
    pub can_manage: bool,
}

impl PurchaseOrderPage {
    pub fn is_draft(&self) -> bool {
        self.order
            .as_ref()
            .is_none_or(|o| o.status == PurchaseOrderStatus::Draft)
    }

    /// When it was created, placed and closed (or cancelled).
    pub fn times(&self) -> (Option<When>, Option<When>, Option<When>) {
        let when = |at: &chrono::NaiveDateTime| self.shell.shop.when(at);
        match &self.order {
            Some(o) => (
                Some(when(&o.created_at)),
                o.ordered_at.as_ref().map(when),
                o.closed_at.as_ref().map(when),
            ),
            None => (None, None, None),
        }
    }

    pub fn receivable(&self) -> bool {
        self.order.as_ref().is_some_and(|o| o.status.receivable())
    }

    pub fn action(&self) -> String {
        match &self.order {
            Some(o) => format!("/admin/inventory/purchase-orders/{}", o.id),
            None => "/admin/inventory/purchase-orders".into(),
        }
    }

    pub fn supplier_name(&self, id: &SupplierId) -> String {
        self.suppliers
            .iter()
            .find(|(s, _)| s == id)
            .map_or_else(String::new, |(_, n)| n.clone())
    }

    pub fn location_name(&self, id: &LocationId) -> String {
        self.locations
            .iter()
            .find(|l| l.id == *id)
            .map_or_else(String::new, |l| l.name.clone())
    }

    pub fn money(&self, minor: impl std::borrow::Borrow<i64>) -> String {
        Money::format_minor(*minor.borrow(), &self.shell.shop.currency)
    }

    pub fn line_total(&self, line: &PurchaseOrderLine) -> String {
        self.money(line.quantity * line.unit_cost)
    }

    pub fn total(&self) -> String {
        self.money(
            self.lines
                .iter()
                .map(|l| l.quantity * l.unit_cost)
                .sum::<i64>(),
        )
    }

    /// The problem with a line's figure.
    pub fn receipt_error(
        &self,
        line: impl std::borrow::Borrow<PurchaseOrderLineId>,
    ) -> Option<&str> {
        line_problem(&self.receipt_errors, Some(*line.borrow()))
    }

    /// The problem with the receipt as a whole.
    pub fn receipt_problem(&self) -> Option<&str> {
        line_problem(&self.receipt_errors, None)
    }

    pub fn outstanding(&self) -> i64 {
        self.lines.iter().map(PurchaseOrderLine::outstanding).sum()
    }

    /// The dialog's question before "Receive everything outstanding".
    pub fn everything_question(&self) -> String {
        let lines = self.lines.iter().filter(|l| l.outstanding() > 0).count();
        crate::web::documents::everything_dialog(self.outstanding(), lines as i64)
    }

    pub fn close_question(&self) -> Question {
        close_question(self.order.as_ref(), self.outstanding())
    }

    pub fn cancel_question(&self) -> Question {
        cancel_question(self.order.as_ref())
    }
}

fn id_of(order: Option<&PurchaseOrder>) -> String {
    order.map(|o| o.id.to_string()).unwrap_or_default()
}

/// What closing with units outstanding asks first.
pub fn close_question(order: Option<&PurchaseOrder>, outstanding: i64) -> Question {
    let id = id_of(order);
    Question {
        heading: format!("Close purchase order {id}?"),
        message: format!(
            "{} not received yet will no longer be expected. Receive them first if they came. \
             This cannot be undone.",
            count(outstanding, "unit", "units")
        ),
        button: "Close order".into(),
        cancel: format!("/admin/inventory/purchase-orders/{id}"),
    }
}

pub fn cancel_question(order: Option<&PurchaseOrder>) -> Question {
    let id = id_of(order);
    Question {
        heading: format!("Cancel purchase order {id}?"),
        message: "Nothing is expected from it any more; it stays in the list as cancelled. \
                  This cannot be undone."
            .into(),
        button: "Cancel order".into(),
        cancel: format!("/admin/inventory/purchase-orders/{id}"),
    }
}

#[derive(Template)]
#[template(path = "inventory/purchasing/print.html")]
pub struct PurchaseOrderPrint {
    pub shell: Shell,
    pub order: PurchaseOrder,
    pub lines: Vec<PurchaseOrderLine>,
    pub supplier: String,
    pub location: Option<Location>,
    pub printed: When,
}

impl PurchaseOrderPrint {
    /// The printable order of an order's page.
    pub fn of(page: PurchaseOrderPage, printed: When) -> Option<PurchaseOrderPrint> {
        let order = page.order?;
        let supplier = page
            .suppliers
            .iter()
            .find(|(id, _)| *id == order.supplier_id)
            .map_or_else(String::new, |(_, n)| n.clone());
        let location = page
            .locations
            .into_iter()
            .find(|l| l.id == order.location_id);
        Some(PurchaseOrderPrint {
            shell: page.shell,
            order,
            lines: page.lines,
            supplier,
            location,
            printed,
        })
    }

    pub fn money(&self, minor: impl std::borrow::Borrow<i64>) -> String {
        Money::format_minor(*minor.borrow(), &self.shell.shop.currency)
    }

    pub fn total(&self) -> String {
        self.money(
            self.lines
                .iter()
                .map(|l| l.quantity * l.unit_cost)
                .sum::<i64>(),
        )
    }
}
