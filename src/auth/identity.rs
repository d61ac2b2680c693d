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

/// Who did it, from where.
#[derive(Debug, Clone)]
pub struct Actor {
    pub staff_id: Option<StaffId>,
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
    pub fn anonymous(ip: String, request_id: Option<String>) -> Actor {
        Actor {
            staff_id: None,
            label: "anonymous".into(),
            ip: Some(ip),
            request_id,
        }
    }

    /// A signed-in staff member's request.
    pub fn staff(staff: &CurrentStaff, ip: String, request_id: Option<String>) -> Actor {
        Actor {
            staff_id: Some(staff.id),
            label: staff.email.clone(),
            ip: Some(ip),
            request_id,
        }
    }

    pub fn ip_or_unknown(&self) -> &str {
        self.ip.as_deref().unwrap_or("unknown")
    }
}
