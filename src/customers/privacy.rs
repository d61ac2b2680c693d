//! Personal data shown to those who may not see it whole: emails and phone numbers masked.

/// "jane@example.com" → "j•••@example.com".
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".into(),
    }
}

/// "+442079460958" → "+44 ••• ••58": the country code and the last two digits.
pub fn mask_phone(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() < 4 {
        return "•••".into();
    }
    let last: String = digits[digits.len() - 2..].iter().collect();
    let code: String = digits.iter().take(2).collect();
    format!("+{code} ••• ••{last}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_only_a_hint() {
        assert_eq!(mask_email("jane@example.com"), "j•••@example.com");
        assert_eq!(mask_email("broken"), "•••");
        assert_eq!(mask_phone("+442079460958"), "+44 ••• ••58");
        assert!(!mask_phone("+442079460958").contains("7946"));
    }
}
