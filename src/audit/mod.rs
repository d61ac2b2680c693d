//! The audit trail: one row per state-changing staff action, written by [`record`] inside the
//! same transaction as the change, so a rolled-back change leaves no row and a committed one
//! always has its row.

pub mod handlers;
pub mod queries;
pub mod routes;

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use diesel::prelude::*;

use crate::db::schema::audit_log;
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::staff::access::CurrentStaff;
use crate::startup::AppState;
use crate::web::client;

/// Who did it, from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: Option<i64>,
    pub label: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// An action taken from the command line.
    pub fn command_line() -> Actor {
        Actor {
            staff_id: None,
            label: "command line".into(),
            ip: None,
            request_id: None,
        }
    }

    /// A request with nobody signed in yet (sign-in, setup).
    pub fn anonymous(req: &HttpRequest, trust_proxy: bool) -> Actor {
        Actor {
            staff_id: None,
            label: "anonymous".into(),
            ip: Some(client::ip(req, trust_proxy)),
            request_id: client::request_id(req),
        }
    }

    pub fn staff(req: &HttpRequest, staff: &CurrentStaff, trust_proxy: bool) -> Actor {
        Actor {
            staff_id: Some(staff.id),
            label: staff.email.clone(),
            ip: Some(client::ip(req, trust_proxy)),
            request_id: client::request_id(req),
        }
    }

    pub fn ip_or_unknown(&self) -> &str {
        self.ip.as_deref().unwrap_or("unknown")
    }
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Ready<Result<Actor, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let trust_proxy = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.settings.trust_proxy);
        // Clone first: connection_info() below borrows the same extensions mutably.
        let staff = req.extensions().get::<CurrentStaff>().cloned();
        let actor = match &staff {
            Some(staff) => Actor::staff(req, staff, trust_proxy),
            None => Actor::anonymous(req, trust_proxy),
        };
        ready(Ok(actor))
    }
}

/// One audited change.
pub struct Entry<'a> {
    pub entity_type: &'a str,
    pub entity_id: Option<String>,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConnection, actor: &Actor, entry: Entry<'_>) -> Result<(), AppError> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(db::now()),
            audit_log::staff_id.eq(actor.staff_id),
            audit_log::actor.eq(&actor.label),
            audit_log::ip.eq(&actor.ip),
            audit_log::request_id.eq(&actor.request_id),
            audit_log::entity_type.eq(entry.entity_type),
            audit_log::entity_id.eq(entry.entity_id),
            audit_log::action.eq(entry.action),
            audit_log::before_json.eq(entry.before.map(|v| v.to_string())),
            audit_log::after_json.eq(entry.after.map(|v| v.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}
