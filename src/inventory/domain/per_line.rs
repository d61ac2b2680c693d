//! Units typed per line of a document (a transfer's or a purchase order's receipt):
//! fields named `line_<id>`, empty for none.

use super::quantity::Quantity;
use crate::documents::ReceivedLine;
use crate::error::AppError;

pub use crate::domain::problems::LineProblems;

/// Units per line of a receipt.
pub type PerLine<Id> = Vec<(Id, Quantity)>;

/// A receipt of everything outstanding: each line's outstanding units, their sum and how many
/// lines have any.
pub fn outstanding<L: ReceivedLine>(lines: &[L]) -> Result<(PerLine<L::Id>, i64, i64), AppError> {
    let arrived: PerLine<L::Id> = lines
        .iter()
        .filter(|l| l.outstanding() > 0)
        .map(|l| {
            let units = u32::try_from(l.outstanding()).unwrap_or(u32::MAX);
            (l.id(), Quantity::new(units))
        })
        .collect();
    let units = arrived.iter().map(|(_, q)| q.get()).sum();
    let count = arrived.len() as i64;
    Ok((arrived, units, count))
}

/// Every `line_<id>` field with a figure, checked; the problems name their line.
pub fn units_per_line<Id: std::str::FromStr>(
    pairs: &[(String, String)],
) -> Result<Vec<(Id, Quantity)>, LineProblems<Id>> {
    let mut arrived = Vec::new();
    let mut problems = Vec::new();
    for (name, value) in pairs {
        let Some(id) = name
            .strip_prefix("line_")
            .and_then(|id| id.parse::<Id>().ok())
        else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match Quantity::parse(value) {
            Ok(units) => arrived.push((id, units)),
            Err(e) => problems.push((Some(id), e.message().to_owned())),
        }
    }
    if problems.is_empty() {
        Ok(arrived)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_read_per_line() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        let got = units_per_line::<i64>(&pairs(&[
            ("line_4", "3"),
            ("line_5", ""),
            ("csrf_token", "x"),
        ]))
        .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].1.get()), (4, 3));
        let bad =
            units_per_line::<i64>(&pairs(&[("line_4", "2.5"), ("line_6", "-1")])).unwrap_err();
        assert_eq!(bad.len(), 2);
    }
}
