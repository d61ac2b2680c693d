//! What can be wrong with a save, outside the HTTP layer: per-field problems (keyed by a field
//! name or an API field path such as `lines[0].sku`), the stale-edit message, and the one
//! result a save returns. The HTML forms render these next to the fields; the JSON API renders
//! them as `{"error": "invalid", "fields": {…}}`. Commands return them and never name `web`.

use std::collections::BTreeMap;

/// Messages keyed by field name or path; rendered next to the field and summarised at the top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<String, String>);

impl FieldErrors {
    pub fn new() -> FieldErrors {
        FieldErrors::default()
    }

    /// Records the first problem of a field; later ones for the same field are dropped.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.entry(field.into()).or_insert_with(|| message.into());
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Every problem on one line, each after its field: `name: Enter a name.; scopes: …`
    /// (the command line's and a log's form).
    pub fn one_line(&self) -> String {
        self.iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// `Ok(checked)` when no problem was found, otherwise the problems.
    pub fn or_ok<T>(self, checked: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(checked)
        } else {
            Err(self)
        }
    }

    /// Each field and its problem, in field order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// What a save came to: saved (with what the caller needs next), refused with a problem per
/// field (nothing written), or stale (someone saved the record since the person opened it: who
/// and when, as a sentence; nothing written).
#[derive(Debug)]
pub enum SaveResult<T> {
    Saved(T),
    Invalid(FieldErrors),
    Stale(String),
}

/// The message of a stale save (answered 409 with the current values): who saved the record
/// since the form was opened, and when. One wording for every editable record.
pub fn stale_message(noun: &str, updated_by: &str, at: &str) -> String {
    let who = if updated_by.is_empty() {
        "Someone"
    } else {
        updated_by
    };
    format!(
        "{who} changed this {noun} at {at} after you opened it. Their values are shown below; make your change again and save."
    )
}

/// A record edited on the version a person saw: it keeps `version`, `updated_by` and
/// `updated_at` (declared with [`versioned!`](crate::versioned)).
pub trait Versioned {
    fn version(&self) -> i64;
    /// Who saved it last, and when.
    fn last_change(&self) -> (&str, &chrono::NaiveDateTime);
}

/// Declares records [`Versioned`] by their `version`, `updated_by` and `updated_at` fields.
#[macro_export]
macro_rules! versioned {
    ($($record:ty),+) => {
        $(impl $crate::domain::problems::Versioned for $record {
            fn version(&self) -> i64 {
                self.version
            }

            fn last_change(&self) -> (&str, &chrono::NaiveDateTime) {
                (&self.updated_by, &self.updated_at)
            }
        })+
    };
}

/// What is wrong, per line of a document (none: the document as a whole).
pub type LineProblems<Id> = Vec<(Option<Id>, String)>;

/// The problem of one line (`Some(id)`), or of the document as a whole (`None`).
pub fn line_problem<L: PartialEq>(problems: &LineProblems<L>, line: Option<L>) -> Option<&str> {
    problems
        .iter()
        .find(|(id, _)| *id == line)
        .map(|(_, m)| m.as_str())
}

/// What a receipt against a document's lines came to (a transfer's or a purchase order's).
#[derive(Debug)]
pub enum Receipt<L> {
    /// Received: the sentence for the person.
    Done(String),
    /// Per line, what is wrong with its figure; nothing was written.
    Invalid(LineProblems<L>),
    /// Lines receiving more than is outstanding, in words: the person must confirm.
    Over(Vec<String>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_keeps_its_first_problem_and_paths_fit() {
        let mut errors = FieldErrors::new();
        errors.add("lines[0].sku", "Unknown SKU.");
        errors.add("lines[0].sku", "Another problem.");
        errors.add(String::from("email"), "Enter an email.");
        assert_eq!(errors.get("lines[0].sku"), Some("Unknown SKU."));
        assert_eq!(errors.len(), 2);
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, vec!["email", "lines[0].sku"]);
        assert!(
            stale_message("supplier", "", "10:00").starts_with("Someone changed this supplier")
        );
    }
}
