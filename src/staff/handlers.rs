//! The owner's staff management: list, add, edit (name, role, active) and set a password.
//! Changing someone's role, deactivating them or setting their password ends their sessions.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::auth::{Actor, Role, passwords};
use crate::db;
use crate::domain::ids::StaffId;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::staff::commands::{self, UpdateOutcome};
use crate::staff::forms::{EditStaffForm, NewStaffForm, SetPasswordForm, new_password_field};
use crate::staff::models::Staff;
use crate::staff::queries;
use crate::staff::views::{EditStaffPage, NewStaffPage, StaffListPage};
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/staff`
pub async fn list_staff(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let members = db::run(&state.pool, |conn| Ok(queries::list(conn)?)).await?;
    render(StatusCode::OK, &StaffListPage { shell, members })
}

/// `GET /admin/staff/new`
pub async fn new_staff_form(shell: Shell) -> Result<HttpResponse, AppError> {
    let form = NewStaffForm {
        role: Role::Clerk.as_str().into(),
        ..NewStaffForm::default()
    };
    render(
        StatusCode::OK,
        &NewStaffPage {
            shell,
            form,
            errors: FieldErrors::new(),
            roles: Role::ALL,
        },
    )
}

/// `POST /admin/staff`
pub async fn create_staff(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<NewStaffForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let valid = match form.parse() {
        Ok(valid) => valid,
        Err(errors) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewStaffPage {
                    shell,
                    form,
                    errors,
                    roles: Role::ALL,
                },
            );
        }
    };
    let name = valid.name.clone();
    let email_key = valid.email.key();
    let key = email_key.clone();
    let taken = db::run(&state.pool, move |conn| {
        Ok(queries::email_taken(conn, &key)?)
    })
    .await?;
    let created = if taken {
        None
    } else {
        let hash = passwords::hash_off_thread(valid.password.clone()).await?;
        db::run(&state.pool, move |conn| {
            db::write(conn, |c| {
                // Checked again under the write lock; the unique index is the last word.
                if queries::email_taken(c, &email_key)? {
                    return Ok(None);
                }
                let id = commands::create(
                    c,
                    &actor,
                    valid.email.as_str(),
                    &valid.name,
                    valid.role,
                    &hash,
                )?;
                Ok(Some(id))
            })
        })
        .await?
    };
    match created {
        Some(_) => Ok(flash::redirect(
            &req,
            "/admin/staff",
            FlashMessage::success(format!("{name} can now sign in.")),
        )),
        None => {
            let mut errors = FieldErrors::new();
            errors.add(
                "email",
                "Another staff account already uses this email address.",
            );
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &NewStaffPage {
                    shell,
                    form,
                    errors,
                    roles: Role::ALL,
                },
            )
        }
    }
}

fn edit_form_of(member: &Staff) -> EditStaffForm {
    EditStaffForm {
        name: member.name.clone(),
        role: member.role.as_str().to_owned(),
        active: member.active.then(|| "on".to_owned()),
        version: member.version.to_string(),
    }
}

/// `GET /admin/staff/{id}`
pub async fn edit_staff_form(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<StaffId>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let member = db::run(&state.pool, move |conn| {
        queries::find_by_id(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let form = edit_form_of(&member);
    render(StatusCode::OK, &EditStaffPage::new(shell, member, form))
}

/// `POST /admin/staff/{id}`: saves name, role and status if nobody changed the account since
/// the form was opened; otherwise 409 naming who did.
pub async fn update_staff(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StaffId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let form: EditStaffForm = posted.form()?;
    let parsed = form.parse();
    // Taking away one's own owner role (or account) is asked first: it cannot be undone alone.
    let own = actor.staff_id == Some(id);
    let demotes_self = own
        && shell
            .staff
            .as_ref()
            .is_some_and(|me| me.role == Role::Owner)
        && parsed
            .as_ref()
            .is_ok_and(|edit| edit.role != Role::Owner || !edit.active);
    // (The only active owner is refused by the save itself, with its reason; no question then.)
    let other_owners = if demotes_self {
        db::run(&state.pool, |conn| Ok(queries::count_active_owners(conn)?)).await? > 1
    } else {
        false
    };
    if demotes_self && other_owners && !posted.confirmed() {
        let (role, active) = parsed
            .as_ref()
            .map(|edit| (edit.role, edit.active))
            .unwrap_or((Role::Owner, true));
        let message = if active {
            format!(
                "You will be a {} and no longer an owner: staff accounts and settings close to you, \
                 only another owner can give the role back, and you will be signed out.",
                role.label().to_lowercase()
            )
        } else {
            "Your account will be deactivated and you will be signed out. Only another owner can \
             turn it back on."
                .to_owned()
        };
        return posted.ask(
            shell,
            Question {
                heading: "Change your own role?".into(),
                message,
                button: "Yes, change my role".into(),
                cancel: format!("/admin/staff/{id}"),
            },
        );
    }
    let time_zone_shop = shell.shop.clone();
    let outcome = db::run(&state.pool, move |conn| {
        commands::update_staff(conn, &actor, id, parsed, &time_zone_shop)
    })
    .await?;
    match outcome {
        // One's own role changed: this session has ended, so the sign-in page says why.
        UpdateOutcome::Saved if demotes_self => Ok(flash::redirect(
            &req,
            "/login",
            FlashMessage::info("Your role was changed, so you were signed out. Sign in again."),
        )),
        UpdateOutcome::Saved => Ok(flash::redirect(
            &req,
            "/admin/staff",
            FlashMessage::success("Staff account saved."),
        )),
        UpdateOutcome::Invalid(member, errors) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditStaffPage {
                errors,
                ..EditStaffPage::new(shell, member, form)
            },
        ),
        UpdateOutcome::Stale(member, message) => {
            let form = edit_form_of(&member);
            render(
                StatusCode::CONFLICT,
                &EditStaffPage {
                    conflict: Some(message),
                    ..EditStaffPage::new(shell, member, form)
                },
            )
        }
    }
}

/// `POST /admin/staff/{id}/password`: the owner sets a new password for someone (who forgot
/// theirs); that person's sessions end.
pub async fn set_staff_password(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<StaffId>,
    form: web::Form<SetPasswordForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let form = form.into_inner();
    let member = db::run(&state.pool, move |conn| {
        queries::find_by_id(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let mut errors = FieldErrors::new();
    new_password_field(
        &mut errors,
        &form.password,
        &form.password_confirmation,
        &[&member.email, &member.name],
    );
    let result = if errors.is_empty() {
        let hash = passwords::hash_off_thread(form.password.clone()).await?;
        db::run(&state.pool, move |conn| {
            db::write(conn, |c| {
                commands::replace_password(c, &actor, id, &hash, "staff.password_reset")
            })
        })
        .await?;
        Ok(member.name)
    } else {
        Err((member, errors))
    };
    match result {
        Ok(name) => Ok(flash::redirect(
            &req,
            "/admin/staff",
            FlashMessage::success(format!(
                "New password set for {name}. Their sessions were signed out."
            )),
        )),
        Err((member, password_errors)) => {
            let form = edit_form_of(&member);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EditStaffPage {
                    password_errors,
                    ..EditStaffPage::new(shell, member, form)
                },
            )
        }
    }
}
