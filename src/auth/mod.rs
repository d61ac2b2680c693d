//! Who someone is and what they may do: roles and permissions, the signed-in identity, the
//! actor recorded in the audit log, passwords, sign-in throttling and session revocation.
//! Foundation: used by every area, names none. Staff management is an area of its own
//! (`staff/`); the HTTP glue that guards routes lives in `web::guard`.

pub mod device;
mod identity;
pub mod passwords;
mod permissions;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use identity::{Actor, ActorKind, CurrentStaff};
pub use permissions::{Permission, Role};
