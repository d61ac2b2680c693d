//! API tokens (owners only): the bearer tokens a shop's storefront or tools use on `/api/v1`.
//! Created with a name and scopes (the token is shown once, only its hash is kept), listed
//! with when each was last used, and revoked. `backroom api-token create` does the same from
//! the shell. What a token is and how a request presents one is `auth::tokens` and `web::api`.

mod commands;
mod forms;
mod handlers;
mod queries;
mod routes;
mod views;

pub use commands::{NewToken, create_token, revoke_token};
pub use routes::configure;
