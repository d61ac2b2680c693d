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
