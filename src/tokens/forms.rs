//! The new-token form as posted: a name and any number of `scope` checkboxes.

use super::commands::NewToken;
use crate::domain::problems::FieldErrors;

#[derive(Debug, Default, Clone)]
pub struct TokenForm {
    pub name: String,
    pub scopes: Vec<String>,
}

impl TokenForm {
    /// From the posted pairs (a repeated `scope` field, which `web::Form` cannot read).
    pub fn from_pairs(pairs: &[(String, String)]) -> TokenForm {
        let mut form = TokenForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "name" => form.name = value.clone(),
                "scope" => form.scopes.push(value.clone()),
                _ => {}
            }
        }
        form
    }

    pub fn parse(&self) -> Result<NewToken, FieldErrors> {
        NewToken::parse(&self.name, &self.scopes)
    }

    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}
