//! Diesel structs for the staff table.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::auth::Role;
use crate::db::schema::staff;
use crate::domain::email::Email;
use crate::domain::ids::StaffId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff)]
pub struct Staff {
    pub id: StaffId,
    pub email: String,
    pub email_key: String,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_sign_in_at: Option<NaiveDateTime>,
    pub updated_by: String,
}

impl Staff {
    pub fn role_label(&self) -> &'static str {
        self.role.label()
    }

    /// What the audit log records of an account: never the password hash.
    pub fn audit_json(&self) -> serde_json::Value {
        serde_json::json!({ "email": self.email, "name": self.name, "role": self.role, "active": self.active })
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = staff)]
pub struct NewStaff<'a> {
    pub email: &'a str,
    pub email_key: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub updated_by: &'a str,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = staff)]
pub struct StaffChanges<'a> {
    pub name: &'a str,
    pub role: Role,
    pub active: bool,
    pub updated_at: NaiveDateTime,
    pub updated_by: &'a str,
}

/// A new account, checked.
#[derive(Debug, Clone)]
pub struct ValidNewStaff {
    pub name: String,
    pub email: Email,
    pub role: Role,
    pub password: String,
}

/// The owner's setup, checked.
#[derive(Debug, Clone)]
pub struct ValidSetup {
    pub shop_name: String,
    pub owner: ValidNewStaff,
}

/// An edit of an account, checked.
#[derive(Debug, Clone)]
pub struct ValidStaffEdit {
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub version: i64,
}
