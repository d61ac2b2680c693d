//! Extractors for the identity values of `auth`: the signed-in [`CurrentStaff`] (put in the
//! request by `web::guard`) and the [`Actor`] an audit row names (built from the staff member
//! and the client address and request id that `web::request_log` recorded).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use crate::auth::{Actor, CurrentStaff};
use crate::error::AppError;
use crate::web::client;

impl FromRequest for CurrentStaff {
    type Error = AppError;
    type Future = Ready<Result<CurrentStaff, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Present on every route that is not Public; its absence is a wiring bug.
        ready(
            req.extensions()
                .get::<CurrentStaff>()
                .cloned()
                .ok_or(AppError::Forbidden),
        )
    }
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Ready<Result<Actor, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(actor_of(req)))
    }
}

/// The actor behind a request: the signed-in staff member, or an anonymous visitor.
pub fn actor_of(req: &HttpRequest) -> Actor {
    let ip = client::address(req);
    let request_id = client::request_id(req);
    match req.extensions().get::<CurrentStaff>() {
        Some(staff) => Actor::staff(staff, ip, request_id),
        None => Actor::anonymous(ip, request_id),
    }
}
