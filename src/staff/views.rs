//! Templates of the staff area.

use askama::Template;

use crate::auth::CurrentStaff;
use crate::auth::Role;
use crate::domain::problems::FieldErrors;
use crate::staff::forms::ProfileForm;
use crate::staff::forms::{EditStaffForm, NewStaffForm, SetupForm};
use crate::staff::models::Staff;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "staff/sign_in.html")]
pub struct SignInPage {
    pub shell: Shell,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "staff/setup.html")]
pub struct SetupPage {
    pub shell: Shell,
    pub token: String,
    pub form: SetupForm,
    pub errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "staff/list.html")]
pub struct StaffListPage {
    pub shell: Shell,
    pub members: Vec<Staff>,
}

#[derive(Template)]
#[template(path = "staff/new.html")]
pub struct NewStaffPage {
    pub shell: Shell,
    pub form: NewStaffForm,
    pub errors: FieldErrors,
    pub roles: &'static [Role],
}

#[derive(Template)]
#[template(path = "staff/edit.html")]
pub struct EditStaffPage {
    pub shell: Shell,
    pub member: Staff,
    pub form: EditStaffForm,
    pub errors: FieldErrors,
    pub password_errors: FieldErrors,
    pub conflict: Option<String>,
    pub roles: &'static [Role],
}

impl EditStaffPage {
    /// The page for `member` with `form`, no errors and no conflict.
    pub fn new(shell: Shell, member: Staff, form: EditStaffForm) -> EditStaffPage {
        EditStaffPage {
            shell,
            member,
            form,
            errors: FieldErrors::new(),
            password_errors: FieldErrors::new(),
            conflict: None,
            roles: Role::ALL,
        }
    }
}

#[derive(Template)]
#[template(path = "staff/account.html")]
pub struct AccountPage {
    pub shell: Shell,
    pub me: CurrentStaff,
    pub member: Staff,
    /// The password form's errors.
    pub errors: FieldErrors,
    /// The name and email form, as typed.
    pub profile: ProfileForm,
    pub profile_errors: FieldErrors,
}
