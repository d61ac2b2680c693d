//! The audit log page: each entry in words, with its record linked and only what changed.

use askama::Template;

use super::describe::{self, FieldChange};
use super::queries::{AuditRow, Names};
use crate::domain::ids::StaffId;
use crate::shop::{Shop, When};
use crate::web::shell::Shell;

/// One entry, ready to read.
pub struct AuditEntry {
    pub when: When,
    /// The person's name (their sign-in label when the account is gone or it was the CLI).
    pub who: String,
    /// What the entry stored as the actor: an email or "cli".
    pub who_detail: String,
    pub action: String,
    pub action_label: String,
    pub record_label: String,
    pub record_url: Option<String>,
    pub changes: Vec<FieldChange>,
    pub ip: String,
}

impl AuditEntry {
    pub fn new(row: AuditRow, (records, people): &Names, shop: &Shop) -> AuditEntry {
        let parse = |json: &Option<String>| {
            json.as_deref()
                .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        };
        let (before, after) = (parse(&row.before_json), parse(&row.after_json));
        let changes = describe::diff(before.as_ref(), after.as_ref(), &shop.currency);
        let id = row.entity_id.clone().unwrap_or_default();
        // The record's name now; a deleted one by the name its entry kept.
        let kept_name = || {
            [before.as_ref(), after.as_ref()]
                .into_iter()
                .flatten()
                .find_map(|v| v.get("title").or(v.get("name")).and_then(|n| n.as_str()))
                .map(str::to_owned)
        };
        let record_label = records
            .get(&(row.entity_type.clone(), id.clone()))
            .cloned()
            .or_else(kept_name)
            .unwrap_or_else(|| match (row.entity_type.as_str(), id.is_empty()) {
                ("shop", _) => "Shop settings".to_owned(),
                (kind, false) => format!("{} #{id}", describe::action_label(kind)),
                (kind, true) => describe::action_label(kind),
            });
        let exists = records.contains_key(&(row.entity_type.clone(), id.clone()))
            || row.entity_type == "shop";
        AuditEntry {
            when: shop.when(&row.at),
            who: row
                .staff_id
                .and_then(|staff| people.get(&staff).cloned())
                .unwrap_or_else(|| row.actor.clone()),
            who_detail: row.actor,
            action_label: describe::action_label(&row.action),
            record_url: exists
                .then(|| describe::record_url(&row.entity_type, row.entity_id.as_deref()))
                .flatten(),
            action: row.action,
            record_label,
            changes,
            ip: row.ip.unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "audit/list.html")]
pub struct AuditListPage {
    pub shell: Shell,
    pub entries: Vec<AuditEntry>,
    pub record_types: &'static [(&'static str, &'static str)],
    pub people: Vec<(StaffId, String)>,
    pub entity: String,
    pub record: String,
    /// The record's name when the log shows one record's history.
    pub record_name: Option<String>,
    pub person: String,
    pub from: String,
    pub to: String,
    pub filtered: bool,
    /// Older entries, if any.
    pub next_url: Option<String>,
    /// Back to the newest entries, when not on them.
    pub newest_url: Option<String>,
    pub export_url: String,
}

#[derive(Template)]
#[template(path = "audit/list.html", block = "results")]
pub struct AuditListResults {
    pub entries: Vec<AuditEntry>,
    pub filtered: bool,
    pub next_url: Option<String>,
    pub newest_url: Option<String>,
    pub export_url: String,
}
