//! The API tokens page.

use askama::Template;

use super::forms::TokenForm;
use crate::auth::tokens::{ApiScope, ApiToken};
use crate::domain::problems::FieldErrors;
use crate::shop::When;
use crate::web::confirm::Question;
use crate::web::shell::Shell;

/// One token as listed.
pub struct TokenRow {
    pub token: ApiToken,
    pub scopes: Vec<&'static str>,
    pub created: When,
    pub last_used: Option<When>,
    pub revoked: Option<When>,
    pub question: Question,
}

#[derive(Template)]
#[template(path = "tokens/list.html")]
pub struct TokensPage {
    pub shell: Shell,
    pub rows: Vec<TokenRow>,
    pub form: TokenForm,
    pub errors: FieldErrors,
    /// A token just created: shown this once.
    pub created: Option<String>,
    pub scopes: &'static [ApiScope],
}

impl TokensPage {
    pub fn build(
        shell: Shell,
        tokens: Vec<ApiToken>,
        form: TokenForm,
        errors: FieldErrors,
        created: Option<String>,
    ) -> TokensPage {
        let rows = tokens
            .into_iter()
            .map(|token| TokenRow {
                scopes: token.scopes().iter().map(|s| s.as_str()).collect(),
                created: shell.shop.when(&token.created_at),
                last_used: token.last_used_at.as_ref().map(|at| shell.shop.when(at)),
                revoked: token.revoked_at.as_ref().map(|at| shell.shop.when(at)),
                question: revoke_question(&token),
                token,
            })
            .collect();
        TokensPage {
            shell,
            rows,
            form,
            errors,
            created,
            scopes: ApiScope::ALL,
        }
    }
}

/// What revoking asks first.
pub fn revoke_question(token: &ApiToken) -> Question {
    Question {
        heading: format!("Revoke \u{201c}{}\u{201d}?", token.name),
        message: format!(
            "Requests with the token \u{201c}{}\u{201d} ({}…) are refused from the next one on. \
             Whatever uses it stops working until it is given a new token. This cannot be undone.",
            token.name, token.prefix
        ),
        button: "Revoke token".into(),
        cancel: "/admin/settings/api-tokens".into(),
    }
}
