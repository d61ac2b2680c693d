//! Bearer tokens of the JSON API: what a token may do (its scopes), how one is made, and how a
//! presented token is found. A token is 32 random bytes, shown once; the database keeps only
//! its SHA-256 (the token has full entropy, so a slow password hash would add nothing but
//! latency to every API request), so a copy of the database grants no access.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::schema::api_tokens;
use crate::db::{self, DbConnection};
use crate::domain::ids::ApiTokenId;

/// What every token starts with: easy to recognise in a secret scanner or a log.
pub const TOKEN_PREFIX: &str = "brk_";

/// How often a token's "last used" time is written: at most once a minute, so that reads
/// through the API stay reads.
const LAST_USED_EVERY: chrono::Duration = chrono::Duration::seconds(60);

crate::text_enum! {
    /// What a token may do. A route of the API declares the one it needs.
    pub enum ApiScope {
        /// Products, variants, prices and availability.
        CatalogRead = ("catalog:read", "Read the catalog and availability"),
        /// Orders and their status.
        OrdersRead = ("orders:read", "Read orders"),
        /// Placing orders.
        OrdersWrite = ("orders:write", "Place orders"),
    }
}

/// The token behind an API request, as found.
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub id: ApiTokenId,
    pub name: String,
    pub scopes: Vec<ApiScope>,
}

impl ApiClient {
    pub fn may(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// A token as listed for the owner (never the token itself).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub prefix: String,
    pub scopes: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl ApiToken {
    pub fn scopes(&self) -> Vec<ApiScope> {
        parse_scopes(&self.scopes)
    }

    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// A new token: the text to hand over once, and what is stored of it.
pub struct MintedToken {
    pub token: String,
    pub hash: String,
    pub prefix: String,
}

/// Makes a new random token.
pub fn mint() -> MintedToken {
    let mut bytes = [0_u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!("{TOKEN_PREFIX}{}", hex::encode(bytes));
    MintedToken {
        hash: hash(&token),
        prefix: token.chars().take(TOKEN_PREFIX.len() + 6).collect(),
        token,
    }
}

/// The stored form of a token.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Scopes as stored: words separated by spaces; unknown words are ignored.
pub fn parse_scopes(text: &str) -> Vec<ApiScope> {
    text.split_whitespace()
        .filter_map(ApiScope::parse)
        .collect()
}

pub fn scopes_text(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The live (not revoked) token presented as `token`, if any; notes when it was used.
pub fn find_live(conn: &mut DbConnection, token: &str) -> QueryResult<Option<ApiClient>> {
    let found: Option<(ApiTokenId, String, String, Option<NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash(token)))
        .filter(api_tokens::revoked_at.is_null())
        .select((
            api_tokens::id,
            api_tokens::name,
            api_tokens::scopes,
            api_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, name, scopes, last_used)) = found else {
        return Ok(None);
    };
    let now = db::now();
    if last_used.is_none_or(|at| now - at >= LAST_USED_EVERY) {
        // Best effort: a busy database must not fail the request over a "last used" time.
        if let Err(error) = diesel::update(api_tokens::table.find(id))
            .set(api_tokens::last_used_at.eq(now))
            .execute(conn)
        {
            tracing::debug!(%error, "could not note when an API token was used");
        }
    }
    Ok(Some(ApiClient {
        id,
        name,
        scopes: parse_scopes(&scopes),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_random_prefixed_and_stored_only_as_its_hash() {
        let one = mint();
        let two = mint();
        assert_ne!(one.token, two.token);
        assert!(one.token.starts_with(TOKEN_PREFIX) && one.token.len() == 68);
        assert_eq!(one.hash, hash(&one.token));
        assert!(!one.hash.contains(&one.token[4..]));
        assert!(one.token.starts_with(&one.prefix));
        assert_eq!(
            parse_scopes("catalog:read nonsense orders:write"),
            vec![ApiScope::CatalogRead, ApiScope::OrdersWrite]
        );
        assert_eq!(
            scopes_text(&[ApiScope::CatalogRead, ApiScope::OrdersRead]),
            "catalog:read orders:read"
        );
    }
}
