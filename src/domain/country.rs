//! Countries as ISO 3166-1 alpha-2 codes (`GB`), from the `celes` crate's list: what an address
//! stores, and the names a menu shows.

use std::sync::OnceLock;

/// A country's name as a menu shows it ("United Kingdom Of Great Britain And Northern
/// Ireland" reads without its leading "The").
fn short(name: &'static str) -> &'static str {
    name.strip_prefix("The ").unwrap_or(name)
}

/// Every country (code, name), by name.
pub fn all() -> &'static [(&'static str, &'static str)] {
    static ALL: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<(&'static str, &'static str)> = celes::Country::get_countries()
            .iter()
            .map(|c| (c.alpha2, short(c.long_name)))
            .collect();
        all.sort_by_key(|(_, name)| name.to_lowercase());
        all
    })
}

/// The code of a country typed as its code or its name ("gb", "GB", "United Kingdom",
/// "England"); none when it is no country.
pub fn code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.len() == 2 {
        return celes::Country::from_alpha2(text.to_ascii_uppercase())
            .ok()
            .map(|c| c.alpha2);
    }
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    text.parse::<celes::Country>()
        .or_else(|_| squashed.parse::<celes::Country>())
        .ok()
        .map(|c| c.alpha2)
}

/// The name of a stored code ("GB" → "United Kingdom Of Great Britain And Northern Ireland");
/// the code itself when unknown.
pub fn name(code: &str) -> &str {
    all()
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_read_from_codes_and_names() {
        assert_eq!(code("gb"), Some("GB"));
        assert_eq!(code(" FR "), Some("FR"));
        assert_eq!(code("England"), Some("GB"));
        assert_eq!(code("Germany"), Some("DE"));
        assert_eq!(code("XX"), None);
        assert_eq!(code("Atlantis"), None);
        assert_eq!(code(""), None);
        assert!(name("DE").contains("Germany"));
        assert!(all().len() > 240);
        assert!(all().iter().all(|(c, _)| c.len() == 2));
    }
}
