//! Raw staff forms (strings as typed) and their parsing into checked values with per-field
//! errors. Every field defaults to empty, so a missing field is a validation message, not a 400.

use serde::Deserialize;

use crate::auth::Role;
use crate::auth::passwords;
use crate::domain::email::Email;
use crate::domain::problems::FieldErrors;
use crate::staff::models::{ValidNewStaff, ValidSetup, ValidStaffEdit};
use crate::web::forms::text_field;

pub const NAME_MAX: usize = 100;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    pub shop_name: String,
    pub name: String,
    pub email: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewStaffForm {
    pub name: String,
    pub email: String,
    pub role: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct EditStaffForm {
    pub name: String,
    pub role: String,
    /// A checkbox: present ("on") when ticked.
    pub active: Option<String>,
    pub version: String,
}

/// A person's own name and email, confirmed with their password.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    pub name: String,
    pub email: String,
    pub current_password: String,
}

impl ProfileForm {
    pub fn of(member: &crate::staff::models::Staff) -> ProfileForm {
        ProfileForm {
            name: member.name.clone(),
            email: member.email.clone(),
            current_password: String::new(),
        }
    }

    /// The checked name and email (the password is checked against the account separately).
    pub fn parse(&self) -> Result<(String, Email), FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &self.name, "your name", NAME_MAX, true);
        let email = Email::parse(&self.email)
            .map_err(|_| errors.add("email", "Enter an email address like name@example.com."))
            .ok();
        if self.current_password.is_empty() {
            errors.add(
                "current_password",
                "Enter your current password to confirm the change.",
            );
        }
        match email {
            Some(email) if errors.is_empty() => Ok((name, email)),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ChangePasswordForm {
    pub current_password: String,
    pub password: String,
    pub password_confirmation: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SetPasswordForm {
    pub password: String,
    pub password_confirmation: String,
}

fn email_field(errors: &mut FieldErrors, value: &str) -> Option<Email> {
    match Email::parse(value) {
        Ok(email) => Some(email),
        Err(error) => {
            let mut message = error.to_string();
            if let Some(first) = message.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            errors.add("email", format!("{message}."));
            None
        }
    }
}

fn role_field(errors: &mut FieldErrors, value: &str) -> Option<Role> {
    let role = Role::parse(value);
    if role.is_none() {
        errors.add("role", "Choose a role.");
    }
    role
}

/// Checks a new password and its confirmation; `known` are words the password must not lean on.
pub fn new_password_field(
    errors: &mut FieldErrors,
    password: &str,
    confirmation: &str,
    known: &[&str],
) {
    if let Err(message) = passwords::check_policy(password, known) {
        errors.add("password", message);
    } else if password != confirmation {
        errors.add("password_confirmation", "The two passwords don't match.");
    }
}

impl NewStaffForm {
    pub fn parse(&self) -> Result<ValidNewStaff, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &self.name, "a name", NAME_MAX, true);
        let email = email_field(&mut errors, &self.email);
        let role = role_field(&mut errors, &self.role);
        new_password_field(
            &mut errors,
            &self.password,
            &self.password_confirmation,
            &[&name, self.email.trim()],
        );
        match (email, role) {
            (Some(email), Some(role)) if errors.is_empty() => Ok(ValidNewStaff {
                name,
                email,
                role,
                password: self.password.clone(),
            }),
            _ => Err(errors),
        }
    }
}

impl SetupForm {
    pub fn parse(&self) -> Result<ValidSetup, FieldErrors> {
        let mut errors = FieldErrors::new();
        let shop_name = text_field(
            &mut errors,
            "shop_name",
            &self.shop_name,
            "the shop's name",
            NAME_MAX,
            true,
        );
        let staff = NewStaffForm {
            name: self.name.clone(),
            email: self.email.clone(),
            role: "owner".into(),
            password: self.password.clone(),
            password_confirmation: self.password_confirmation.clone(),
        };
        match staff.parse() {
            Ok(owner) if errors.is_empty() => Ok(ValidSetup { shop_name, owner }),
            Ok(_) => Err(errors),
            Err(staff_errors) => {
                for (field, message) in staff_errors.iter() {
                    errors.add(field, message);
                }
                Err(errors)
            }
        }
    }
}

impl EditStaffForm {
    pub fn parse(&self) -> Result<ValidStaffEdit, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &self.name, "a name", NAME_MAX, true);
        let role = role_field(&mut errors, &self.role);
        let version = self.version.trim().parse::<i64>().ok();
        if version.is_none() {
            errors.add(
                "version",
                "The form is out of date. Reload the page and try again.",
            );
        }
        match (role, version) {
            (Some(role), Some(version)) if errors.is_empty() => Ok(ValidStaffEdit {
                name,
                role,
                active: self.active.as_deref().is_some_and(|v| !v.is_empty()),
                version,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_form() -> NewStaffForm {
        NewStaffForm {
            name: " Ana Lima ".into(),
            email: "Ana@Example.com".into(),
            role: "clerk".into(),
            password: "tangerine walrus orbit 42".into(),
            password_confirmation: "tangerine walrus orbit 42".into(),
        }
    }

    #[test]
    fn a_valid_staff_form_parses_into_checked_values() {
        let staff = valid_form().parse().unwrap();
        assert_eq!(staff.name, "Ana Lima");
        assert_eq!(staff.email.key(), "ana@example.com");
        assert_eq!(staff.role, Role::Clerk);
    }

    #[test]
    fn every_bad_field_gets_its_own_message() {
        let form = NewStaffForm {
            name: "".into(),
            email: "nope".into(),
            role: "admin".into(),
            password: "short".into(),
            password_confirmation: "".into(),
        };
        let errors = form.parse().unwrap_err();
        for field in ["name", "email", "role", "password"] {
            assert!(errors.has(field), "{field}");
        }
    }

    #[test]
    fn mismatched_confirmation_is_reported_on_the_confirmation_field() {
        let mut form = valid_form();
        form.password_confirmation = "tangerine walrus orbit 43".into();
        let errors = form.parse().unwrap_err();
        assert!(errors.has("password_confirmation"));
        assert!(!errors.has("password"));
    }
}
