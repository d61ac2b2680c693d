//! Reading form fields into checked values (the problems themselves are
//! `domain::problems::FieldErrors`).

use crate::domain::problems::FieldErrors;

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

/// A one-time key for a form whose double submission must act once (a bulk edit's apply): the
/// page carries it, and the writer keeps it under a unique index.
pub fn one_time_key() -> String {
    use rand::RngCore;
    let mut bytes = [0_u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Trims a field and checks its length in characters.
pub fn text_field(
    errors: &mut FieldErrors,
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

/// A record chosen from a list (a location, a supplier): its id, or `message` on `field`.
pub fn chosen_id<T: std::str::FromStr>(
    errors: &mut FieldErrors,
    (field, text): (&str, &str),
    message: &str,
) -> Option<T> {
    let id = text.trim().parse().ok();
    if id.is_none() {
        errors.add(field, message);
    }
    id
}

/// A document's typed lines that read, and the problems of those that did not. The problems
/// are the `lines` field's error now only when the form has other errors (and so goes no
/// further); otherwise the document's check reports them with what it finds, in one round.
pub fn lines_field<T>(
    errors: &mut FieldErrors,
    (lines, problems): (Vec<T>, Vec<String>),
    other_errors: bool,
) -> (Vec<T>, Vec<String>) {
    if other_errors && !problems.is_empty() {
        errors.add("lines", problems.join(" "));
    }
    (lines, problems)
}
