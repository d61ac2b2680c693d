//! A phone number, stored the one way: E.164 (`+442079460958`), read through libphonenumber's
//! rules (the `phonenumber` crate) with the shop's country as the default for numbers typed
//! without a `+`.

use std::str::FromStr;

/// A phone number that passed [`Phone::parse`], in E.164.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Reads a number as typed ("020 7946 0958", "+1 (415) 555-0100"); `country` (ISO alpha-2)
    /// is where a number without a `+` is dialled. The error is the sentence for the field.
    pub fn parse(text: &str, country: Option<&str>) -> Result<Phone, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("Enter a phone number.".into());
        }
        if text.len() > 40 {
            return Err("The phone number is too long.".into());
        }
        let region = country.and_then(|c| phonenumber::country::Id::from_str(c).ok());
        if region.is_none() && !text.starts_with('+') {
            return Err("Start the number with + and its country code (+44 20 7946 0958).".into());
        }
        let number = phonenumber::parse(region, text)
            .map_err(|_| "Enter a phone number, like +44 20 7946 0958.".to_owned())?;
        if !phonenumber::is_valid(&number) {
            return Err("That is not a valid phone number: check its digits.".into());
        }
        Ok(Phone(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A stored E.164 number the way people read it ("+44 1632 960961"); as stored when it does
/// not read.
pub fn display(e164: &str) -> String {
    match phonenumber::parse(None, e164) {
        Ok(number) => number
            .format()
            .mode(phonenumber::Mode::International)
            .to_string(),
        Err(_) => e164.to_owned(),
    }
}

/// The ways people type a stored number, for a search index: all its digits (442079460958),
/// the national number (2079460958), as dialled at home (02079460958) and in groups
/// ("+44 20 7946 0958"), so that any of them, or the start of a group, finds it.
pub fn search_words(e164: &str) -> String {
    let Ok(number) = phonenumber::parse(None, e164) else {
        return e164.to_owned();
    };
    let digits = |text: String| {
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
    };
    let national = number
        .format()
        .mode(phonenumber::Mode::National)
        .to_string();
    let international = number
        .format()
        .mode(phonenumber::Mode::International)
        .to_string();
    format!(
        "{} {} {} {international}",
        digits(e164.to_owned()),
        number.national().value(),
        digits(national),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stored_in_e164_with_the_shops_country_as_default() {
        let national = Phone::parse(" 020 7946 0958 ", Some("GB")).unwrap();
        assert_eq!(national.as_str(), "+442079460958");
        let international = Phone::parse("+1 (415) 555-0132", Some("GB")).unwrap();
        assert_eq!(international.as_str(), "+14155550132");
        assert_eq!(
            Phone::parse("+44 20 7946 0958", None).unwrap().as_str(),
            "+442079460958"
        );
        assert_eq!(display("+442079460958"), "+44 20 7946 0958");
        assert_eq!(
            search_words("+442079460958"),
            "442079460958 2079460958 02079460958 +44 20 7946 0958"
        );
    }

    #[test]
    fn bad_numbers_say_why() {
        assert!(Phone::parse("", Some("GB")).unwrap_err().contains("Enter"));
        assert!(
            Phone::parse("020 7946 0958", None)
                .unwrap_err()
                .contains("+")
        );
        assert!(Phone::parse("12", Some("GB")).is_err());
        assert!(Phone::parse("not a number", Some("GB")).is_err());
        assert!(Phone::parse(&"9".repeat(50), Some("GB")).is_err());
    }
}
