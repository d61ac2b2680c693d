//! Reads of API tokens.

use diesel::prelude::*;

use crate::auth::tokens::ApiToken;
use crate::db::DbConnection;
use crate::db::schema::api_tokens;
use crate::domain::ids::ApiTokenId;

/// Every token, live ones first, newest first.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .select(ApiToken::as_select())
        .order((api_tokens::revoked_at.is_not_null(), api_tokens::id.desc()))
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: ApiTokenId) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .find(id)
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}
