//! Per-field form errors, collected while turning raw form strings into domain values.

use std::collections::BTreeMap;

/// Where a form sends the person back to: `back` if it is a page of this site under `area`
/// (no other host, no scheme, no control characters), otherwise `area` itself.
pub fn back_within(back: &str, area: &str) -> String {
    let back = back.trim();
    let local = back.starts_with(area)
        && !back.contains("//")
        && !back.contains('\\')
        && back.chars().all(|c| !c.is_control());
    if local {
        back.to_owned()
    } else {
        area.to_owned()
    }
}

/// Messages keyed by field name; rendered next to the field and summarised at the top.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormErrors(BTreeMap<&'static str, String>);

impl FormErrors {
    pub fn new() -> FormErrors {
        FormErrors::default()
    }

    /// Records the first error of a field; later ones for the same field are dropped.
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
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

    pub fn iter(&self) -> impl Iterator<Item = (&&'static str, &String)> {
        self.0.iter()
    }
}

/// Trims a field and checks its length in characters.
pub fn text_field(
    errors: &mut FormErrors,
    field: &'static str,
    value: &str,
    label: &str,
    max_chars: usize,
    required: bool,
) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        errors.add(field, format!("Enter {label}."));
    } else if value.chars().count() > max_chars {
        errors.add(field, format!("Use at most {max_chars} characters."));
    } else if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        errors.add(field, "Remove the control characters.");
    }
    value.to_owned()
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
