//! The one writer of API tokens: creating one (its hash kept, the token handed back once) and
//! revoking one, each with its audit row.

use diesel::prelude::*;
use serde_json::json;

use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::auth::tokens::{self, ApiScope};
use crate::db::schema::api_tokens;
use crate::db::{self, DbConnection};
use crate::domain::ids::ApiTokenId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;

/// The longest name a token may have.
pub const MAX_NAME: usize = 100;

/// A token to create, as checked.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<ApiScope>,
}

impl NewToken {
    /// Checks a name and scopes typed on the page or the command line.
    pub fn parse(name: &str, scopes: &[String]) -> Result<NewToken, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = name.trim();
        if name.is_empty() {
            errors.add(
                "name",
                "Name the token after what will use it, like \"Storefront\".",
            );
        } else if name.chars().count() > MAX_NAME {
            errors.add("name", format!("Use at most {MAX_NAME} characters."));
        } else if name.chars().any(char::is_control) {
            errors.add("name", "Remove the control characters.");
        }
        let mut chosen = Vec::new();
        for scope in scopes {
            match ApiScope::parse(scope) {
                Some(scope) if !chosen.contains(&scope) => chosen.push(scope),
                Some(_) => {}
                None => errors.add(
                    "scopes",
                    format!(
                        "{scope} is not a scope; choose from {}.",
                        ApiScope::ALL
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ),
            }
        }
        if chosen.is_empty() && !errors.has("scopes") {
            errors.add("scopes", "Choose at least one scope.");
        }
        if errors.is_empty() {
            chosen.sort_by_key(|s| ApiScope::ALL.iter().position(|a| a == s));
            Ok(NewToken {
                name: name.to_owned(),
                scopes: chosen,
            })
        } else {
            Err(errors)
        }
    }
}

/// Creates a token (checked already: nothing here can refuse it): its id and the token itself,
/// which is never shown again.
pub fn create_token(
    conn: &mut DbConnection,
    actor: &Actor,
    new: &NewToken,
) -> Result<(ApiTokenId, String), AppError> {
    let minted = tokens::mint();
    db::write(conn, |c| {
        let id: ApiTokenId = diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::name.eq(&new.name),
                api_tokens::token_hash.eq(&minted.hash),
                api_tokens::prefix.eq(&minted.prefix),
                api_tokens::scopes.eq(tokens::scopes_text(&new.scopes)),
                api_tokens::created_by.eq(&actor.label),
                api_tokens::created_at.eq(db::now()),
            ))
            .returning(api_tokens::id)
            .get_result(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "api_token",
                entity_id: Some(id.to_string()),
                action: "api_token.created",
                before: None,
                after: Some(json!({
                    "name": new.name,
                    "scopes": tokens::scopes_text(&new.scopes),
                    "prefix": minted.prefix,
                })),
            },
        )?;
        Ok((id, minted.token.clone()))
    })
}

/// Revokes a token at once: the next request with it gets 401. Once only (a second revoke is a
/// 409, whatever arrives at once).
pub fn revoke_token(
    conn: &mut DbConnection,
    actor: &Actor,
    id: ApiTokenId,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let token = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        let revoked = diesel::update(
            api_tokens::table
                .find(id)
                .filter(api_tokens::revoked_at.is_null()),
        )
        .set(api_tokens::revoked_at.eq(db::now()))
        .execute(c)?;
        if revoked == 0 {
            return Err(AppError::Conflict(format!(
                "The token \u{201c}{}\u{201d} was revoked already.",
                token.name
            )));
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "api_token",
                entity_id: Some(id.to_string()),
                action: "api_token.revoked",
                before: Some(json!({ "name": token.name, "revoked": false })),
                after: Some(json!({ "revoked": true })),
            },
        )?;
        Ok(format!(
            "The token \u{201c}{}\u{201d} is revoked: requests with it are refused from now on.",
            token.name
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_needs_a_name_and_known_scopes() {
        let ok = NewToken::parse(
            " Storefront ",
            &["orders:write".into(), "catalog:read".into()],
        )
        .unwrap();
        assert_eq!(ok.name, "Storefront");
        assert_eq!(
            ok.scopes,
            vec![ApiScope::CatalogRead, ApiScope::OrdersWrite]
        );
        let bad = NewToken::parse("", &["everything".into()]).unwrap_err();
        assert!(bad.has("name") && bad.get("scopes").unwrap().contains("not a scope"));
        assert!(NewToken::parse("x", &[]).unwrap_err().has("scopes"));
    }
}
