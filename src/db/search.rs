//! The words of a search, the one way every search index reads them (the catalog's and the
//! customers'): letters and digits only, lower-cased, at most 8 terms of 40 characters. On
//! SQLite each is a quoted FTS5 prefix; on PostgreSQL a substring of a trigram-indexed document.

/// The words of a search, lower-cased: letters and digits only, so nothing the person types can
/// change the meaning of the query.
pub fn terms(query: &str) -> Vec<String> {
    query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(8)
        .map(|t| t.chars().take(40).collect::<String>().to_lowercase())
        .collect()
}

/// Each term quoted (no FTS operators get through) and prefix-matched.
pub fn fts_query(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{t}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_drop_operators_and_punctuation() {
        assert_eq!(terms("Linen  SHIRT"), vec!["linen", "shirt"]);
        assert_eq!(terms("TEE-BLU-M"), vec!["tee", "blu", "m"]);
        assert_eq!(
            terms("\"a\" OR b* NEAR(c) -- %_"),
            vec!["a", "or", "b", "near", "c"]
        );
        assert!(terms("  ,;  ").is_empty());
    }
}
