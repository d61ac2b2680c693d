//! A receipt against a document's lines (a transfer arriving, a purchase order delivered; next
//! a return): the units that arrived matched to the lines, the refusals worded once, and the
//! sentence a receipt ends with. What a receipt moves (stock, costs, the lines' figures) is the
//! area's own.

use super::moves::unchanged;
use super::table::{DocumentTable, State};
use crate::db::DbConnection;
use crate::domain::problems::Receipt;
use crate::domain::words::count;
use crate::error::AppError;

/// A line units can be received against.
pub trait ReceivedLine {
    type Id: Copy + PartialEq;
    fn id(&self) -> Self::Id;
    /// Units still expected on it.
    fn outstanding(&self) -> i64;
    /// The line in a sentence: its SKU.
    fn code(&self) -> &str;
}

/// What a line receiving more than is outstanding gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverReceipt {
    /// A problem on the line: "Only 2 of TEE-M {still}." (a transfer cannot bring more than
    /// left the origin).
    Refused { still: &'static str },
    /// A question first, unless the person `confirmed` it (a supplier may send more).
    Asked { confirmed: bool },
}

/// The lines a receipt takes, with the units arriving on each.
pub type Taking<'a, L> = Vec<(&'a L, i64)>;

/// Matches the units that arrived (line id, units; zeros ignored) to the `lines` of document
/// `id`, which this transaction read at `seen`. Problems, or more than is outstanding without
/// the person's confirmation, are answered as `Err(receipt)` after checking that the document
/// did not move meanwhile (a 409 if it did); nothing is written either way.
pub fn take_arrivals<'a, D, L>(
    conn: &mut DbConnection,
    (id, seen): (D::Id, State<D::Status>),
    lines: &'a [L],
    arrived: impl IntoIterator<Item = (L::Id, i64)>,
    over: OverReceipt,
) -> Result<Result<Taking<'a, L>, Receipt<L::Id>>, AppError>
where
    D: DocumentTable,
    L: ReceivedLine,
{
    let mut problems = Vec::new();
    let mut beyond = Vec::new();
    let mut taking = Vec::new();
    for (line_id, units) in arrived.into_iter().filter(|(_, units)| *units > 0) {
        let Some(line) = lines.iter().find(|l| l.id() == line_id) else {
            problems.push((
                Some(line_id),
                format!("That line is not on this {}.", D::NOUN),
            ));
            continue;
        };
        let outstanding = line.outstanding();
        if units > outstanding {
            if let OverReceipt::Refused { still } = over {
                let only = format!("Only {outstanding} of {} {still}.", line.code());
                problems.push((Some(line_id), only));
                continue;
            }
            beyond.push(format!(
                "{}: {units} received, {outstanding} outstanding",
                line.code()
            ));
        }
        taking.push((line, units));
    }
    if taking.is_empty() && problems.is_empty() {
        let none = "Enter the units that arrived on at least one line.";
        problems.push((None, none.to_owned()));
    }
    let answer = if !problems.is_empty() {
        Receipt::Invalid(problems)
    } else if !beyond.is_empty() && over == (OverReceipt::Asked { confirmed: false }) {
        Receipt::Over(beyond)
    } else {
        return Ok(Ok(taking));
    };
    unchanged::<D>(conn, id, seen)?;
    Ok(Err(answer))
}

/// The units a receipt takes.
pub fn units_taken<L>(taking: &Taking<'_, L>) -> i64 {
    taking.iter().map(|(_, units)| units).sum()
}

/// The sentence a receipt ends with: "Received 3 units: transfer 7 is complete." or "Received
/// 3 units; 2 units still on the way." (`still`: what the rest are).
pub fn receipt_done<D: DocumentTable>(id: D::Id, units: i64, left: i64, still: &str) -> String {
    let received = count(units, "unit", "units");
    if left == 0 {
        format!("Received {received}: {} {id} is complete.", D::NOUN)
    } else {
        format!(
            "Received {received}; {} {still}.",
            count(left, "unit", "units")
        )
    }
}
