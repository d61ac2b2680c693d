//! A bulk edit's records: the change set with its state, and one product's change.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::operation::Fields;
use crate::db::schema::change_sets;
use crate::domain::ids::{ChangeSetId, JobId, ProductId, StaffId};

/// The operation an import's change set is recorded with.
pub const IMPORT_OPERATION: &str = "catalog.import";

crate::text_enum! {
    /// Where a change set stands. Applying and reverting run in the background; the change set
    /// moves on only along [`ChangeSetStatus::can_become`].
    pub enum ChangeSetStatus {
        Applying = ("applying", "Applying"),
        Applied = ("applied", "Applied"),
        Reverting = ("reverting", "Reverting"),
        Reverted = ("reverted", "Reverted"),
    }
}

impl ChangeSetStatus {
    /// The allowed moves: applied once applying ends, reverting only from applied, reverted
    /// once reverting ends.
    pub fn can_become(self, next: ChangeSetStatus) -> bool {
        use ChangeSetStatus as S;
        matches!(
            (self, next),
            (S::Applying, S::Applied) | (S::Applied, S::Reverting) | (S::Reverting, S::Reverted)
        )
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = change_sets)]
pub struct ChangeSetRow {
    pub id: ChangeSetId,
    pub summary: String,
    pub operation: String,
    /// Who made it: their name once read (`queries` fills it in), else the recorded label.
    pub actor: String,
    pub staff_id: Option<StaffId>,
    pub item_count: i64,
    pub created_at: NaiveDateTime,
    pub reverted_at: Option<NaiveDateTime>,
    pub reverted_by: Option<String>,
    pub status: ChangeSetStatus,
    pub job_id: Option<JobId>,
}

impl ChangeSetRow {
    pub fn state_label(&self) -> &'static str {
        match (self.is_import(), self.status) {
            (true, ChangeSetStatus::Reverting) => "Undoing",
            (true, ChangeSetStatus::Reverted) => "Undone",
            (_, status) => status.label(),
        }
    }

    /// A CSV import's change set (its revert is the import's undo).
    pub fn is_import(&self) -> bool {
        self.operation == IMPORT_OPERATION
    }
}

/// One product in a preview or a change set.
pub struct Change {
    pub product_id: ProductId,
    pub title: String,
    pub before: Fields,
    pub after: Result<Fields, String>,
}

impl Change {
    pub fn changes_anything(&self) -> bool {
        self.after.as_ref().is_ok_and(|a| *a != self.before)
    }
}

#[cfg(test)]
mod tests {
    use super::ChangeSetStatus as S;

    #[test]
    fn a_change_set_moves_only_forward_through_its_states() {
        let all = [S::Applying, S::Applied, S::Reverting, S::Reverted];
        let allowed: Vec<(S, S)> = all
            .iter()
            .flat_map(|&from| all.iter().map(move |&to| (from, to)))
            .filter(|&(from, to)| from.can_become(to))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (S::Applying, S::Applied),
                (S::Applied, S::Reverting),
                (S::Reverting, S::Reverted)
            ]
        );
        for status in all {
            assert_eq!(S::parse(status.as_str()), Some(status));
        }
        assert_eq!(S::parse("undone"), None);
    }
}
