//! The transfer pages: the list, one transfer (its form while a draft, its receipt while on
//! the way), and the printable sheet.

use askama::Template;

use super::forms::TransferForm;
use super::models::{Transfer, TransferLine, TransferStatus};
use crate::domain::ids::TransferLineId;
use crate::domain::problems::{FieldErrors, line_problem};
use crate::domain::words::count;
use crate::inventory::domain::LineProblems;
use crate::inventory::locations::Location;
use crate::shop::When;
use crate::web::confirm::Question;
use crate::web::filters;
use crate::web::pagination::PageLinks;
use crate::web::shell::Shell;

/// A transfer in the list.
pub struct TransferRow {
    pub transfer: Transfer,
    pub from: String,
    pub to: String,
    pub units: i64,
    pub updated: When,
}

#[derive(Template)]
#[template(path = "inventory/transfers/list.html")]
pub struct TransferListPage {
    pub shell: Shell,
    pub rows: Vec<TransferRow>,
    pub status: String,
    pub links: PageLinks,
    pub can_manage: bool,
}

impl TransferListPage {
    pub fn statuses(&self) -> &'static [TransferStatus] {
        TransferStatus::ALL
    }
}

/// One transfer's page.
#[derive(Template)]
#[template(path = "inventory/transfers/show.html")]
pub struct TransferPage {
    pub shell: Shell,
    /// None: a new draft.
    pub transfer: Option<Transfer>,
    pub lines: Vec<TransferLine>,
    pub locations: Vec<Location>,
    pub form: TransferForm,
    pub errors: FieldErrors,
    /// Per line id, what is wrong with a receipt's figure (id 0: the receipt as a whole).
    pub receipt_errors: LineProblems<TransferLineId>,
    pub conflict: Option<String>,
    pub can_manage: bool,
}

impl TransferPage {
    /// The dialog's question before "Receive everything outstanding".
    pub fn everything_question(&self) -> String {
        let open = self.lines.iter().filter(|l| l.outstanding() > 0);
        let (units, lines) = open.fold((0, 0), |(u, n), l| (u + l.outstanding(), n + 1));
        crate::web::documents::everything_dialog(units, lines)
    }

    pub fn is_draft(&self) -> bool {
        self.transfer
            .as_ref()
            .is_none_or(|t| t.status == TransferStatus::Draft)
    }

    pub fn in_transit(&self) -> bool {
        self.transfer
            .as_ref()
            .is_some_and(|t| t.status == TransferStatus::Sent)
    }

    pub fn action(&self) -> String {
        match &self.transfer {
            Some(t) => format!("/admin/inventory/transfers/{}", t.id),
            None => "/admin/inventory/transfers".into(),
        }
    }

    pub fn location_name(&self, id: &crate::domain::ids::LocationId) -> String {
        self.locations
            .iter()
            .find(|l| l.id == *id)
            .map_or_else(|| format!("Location {id}"), |l| l.name.clone())
    }

    /// The problem with a line's figure.
    pub fn receipt_error(&self, line: impl std::borrow::Borrow<TransferLineId>) -> Option<&str> {
        line_problem(&self.receipt_errors, Some(*line.borrow()))
    }

    /// The problem with the receipt as a whole.
    pub fn receipt_problem(&self) -> Option<&str> {
        line_problem(&self.receipt_errors, None)
    }

    /// When it was created, sent and closed (or cancelled).
    pub fn times(&self) -> (Option<When>, Option<When>, Option<When>) {
        let when = |at: &chrono::NaiveDateTime| self.shell.shop.when(at);
        match &self.transfer {
            Some(t) => (
                Some(when(&t.created_at)),
                t.sent_at.as_ref().map(when),
                t.closed_at.as_ref().map(when),
            ),
            None => (None, None, None),
        }
    }

    pub fn outstanding(&self) -> i64 {
        self.lines.iter().map(TransferLine::outstanding).sum()
    }

    pub fn cancel_question(&self) -> Question {
        cancel_question(self.transfer.as_ref(), self.outstanding())
    }

    pub fn close_question(&self) -> Question {
        close_question(self.transfer.as_ref(), self.outstanding())
    }
}

fn id_of(transfer: Option<&Transfer>) -> String {
    transfer.map(|t| t.id.to_string()).unwrap_or_default()
}

/// What cancelling asks first.
pub fn cancel_question(transfer: Option<&Transfer>, outstanding: i64) -> Question {
    let id = id_of(transfer);
    let sent = transfer.is_some_and(|t| t.status == TransferStatus::Sent);
    Question {
        heading: format!("Cancel transfer {id}?"),
        message: if sent {
            format!(
                "The {} still on the way go back to the origin's stock. Units already received \
                 stay where they arrived. This cannot be undone.",
                count(outstanding, "unit", "units")
            )
        } else {
            "The draft is kept in the list as cancelled; no stock has moved.".into()
        },
        button: "Cancel transfer".into(),
        cancel: format!("/admin/inventory/transfers/{id}"),
    }
}

/// What closing short asks first.
pub fn close_question(transfer: Option<&Transfer>, outstanding: i64) -> Question {
    let id = id_of(transfer);
    Question {
        heading: format!("Close transfer {id} short?"),
        message: format!(
            "The {} that have not arrived are written off as lost in transit: the destination \
             stops expecting them. This cannot be undone.",
            count(outstanding, "unit", "units")
        ),
        button: "Close and write off".into(),
        cancel: format!("/admin/inventory/transfers/{id}"),
    }
}

/// The printable transfer sheet.
#[derive(Template)]
#[template(path = "inventory/transfers/sheet.html")]
pub struct TransferSheet {
    pub shell: Shell,
    pub transfer: Transfer,
    pub lines: Vec<TransferLine>,
    pub from: Location,
    pub to: Location,
    pub printed: When,
}
