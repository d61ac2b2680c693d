//! Who is acting: the signed-in staff member of a request, and the actor an audit row names
//! (a staff member, an anonymous visitor signing in, or the command line). Plain values: the
//! HTTP extractors that build them live in `web::extract`.

use crate::domain::ids::StaffId;

/// The signed-in staff member, as loaded for this request.
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    pub id: StaffId,
    pub name: String,
    pub email: String,
    pub role: super::Role,
}

impl CurrentStaff {
    /// The monogram shown in the header.
    pub fn initial(&self) -> String {
        crate::shop::initial(&self.name)
    }
}

crate::text_enum! {
    /// What kind of actor did something, as stored with a stock movement.
    pub enum ActorKind {
        Staff = ("staff", "Staff"),
        Job = ("job", "Background job"),
        Api = ("api", "API client"),
        Cli = ("cli", "Command line"),
        System = ("system", "Backroom"),
    }
}

/// Who did it, from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: Option<StaffId>,
    /// Set by the constructor that made the actor, never worked out from the label.
    pub kind: ActorKind,
    pub label: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// An action taken from the command line.
    pub fn command_line() -> Actor {
        Actor {
            staff_id: None,
            kind: ActorKind::Cli,
            label: "command line".into(),
            ip: None,
            request_id: None,
        }
    }

    /// A request with nobody signed in yet (sign-in, setup).
    pub fn anonymous(ip: String, request_id: Option<String>) -> Actor {
        Actor {
            staff_id: None,
            kind: ActorKind::System,
            label: "anonymous".into(),
            ip: Some(ip),
            request_id,
        }
    }

    /// A signed-in staff member's request.
    pub fn staff(staff: &CurrentStaff, ip: String, request_id: Option<String>) -> Actor {
        Actor {
            staff_id: Some(staff.id),
            kind: ActorKind::Staff,
            label: staff.email.clone(),
            ip: Some(ip),
            request_id,
        }
    }

    /// Backroom itself (demo data, housekeeping), under `label`.
    pub fn system(label: &str) -> Actor {
        Actor {
            staff_id: None,
            kind: ActorKind::System,
            label: label.into(),
            ip: None,
            request_id: None,
        }
    }

    /// A request of the JSON API, made with the token named `name`: audit rows name the token.
    pub fn api(name: &str, ip: String, request_id: Option<String>) -> Actor {
        Actor {
            staff_id: None,
            kind: ActorKind::Api,
            label: format!("API token \u{201c}{name}\u{201d}"),
            ip: Some(ip),
            request_id,
        }
    }

    pub fn ip_or_unknown(&self) -> &str {
        self.ip.as_deref().unwrap_or("unknown")
    }
}
