//! A checked email address.

use std::fmt;

/// An email address that passed [`Email::parse`]: trimmed, one `@`, a dotted domain, no spaces
/// or control characters, at most 254 characters. Compared case-insensitively through [`Email::key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an email address")]
    Empty,
    #[error("enter an email address like name@example.com")]
    Malformed,
    #[error("the email address is too long")]
    TooLong,
}

impl Email {
    pub fn parse(text: &str) -> Result<Email, EmailError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        if text.len() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(EmailError::Malformed)?;
        let well_formed = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && text
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>' && c != '"');
        if !well_formed {
            return Err(EmailError::Malformed);
        }
        Ok(Email(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lower-cased form used for uniqueness and look-ups.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The key two spellings of one mailbox share: lower-cased, and for Gmail-style providers
/// (gmail.com, googlemail.com) the local part without dots or a `+suffix`
/// ("Ada.L+shop@Gmail.com" → "adal@gmail.com"); elsewhere only the `+suffix` goes. Possible
/// duplicate customers share it.
pub fn match_key(email: &str) -> String {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return email;
    };
    let local = local.split('+').next().unwrap_or(local);
    let (local, domain) = match domain {
        "gmail.com" | "googlemail.com" => (local.replace('.', ""), "gmail.com"),
        _ => (local.to_owned(), domain),
    };
    format!("{local}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_spellings_of_one_mailbox_share_a_match_key() {
        assert_eq!(match_key("Ada.L+shop@Gmail.com"), "adal@gmail.com");
        assert_eq!(match_key("adal@googlemail.com"), "adal@gmail.com");
        assert_eq!(match_key("ada.l+news@example.com"), "ada.l@example.com");
        assert_ne!(
            match_key("ada.l@example.com"),
            match_key("adal@example.com")
        );
    }

    #[test]
    fn addresses_are_trimmed_and_keyed_case_insensitively() {
        let email = Email::parse("  Ana.Lima@Example.COM ").unwrap();
        assert_eq!(email.as_str(), "Ana.Lima@Example.COM");
        assert_eq!(email.key(), "ana.lima@example.com");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        assert_eq!(Email::parse(""), Err(EmailError::Empty));
        for bad in [
            "ana",
            "ana@",
            "@example.com",
            "ana@example",
            "an a@example.com",
            "ana@@example.com",
            "a@.com",
            "a@b..com",
            "<a@b.com>",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        assert_eq!(
            Email::parse(&format!("{}@example.com", "a".repeat(250))),
            Err(EmailError::TooLong)
        );
    }
}
