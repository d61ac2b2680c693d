//! Each person's own account page: their details and their password.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::auth::{Actor, CurrentStaff, passwords};
use crate::db;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::staff::commands;
use crate::staff::forms::{ChangePasswordForm, ProfileForm, new_password_field};
use crate::staff::queries;
use crate::staff::views::AccountPage;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/account`
pub async fn show_account(
    shell: Shell,
    state: web::Data<AppState>,
    me: CurrentStaff,
) -> Result<HttpResponse, AppError> {
    let id = me.id;
    let member = db::run(&state.pool, move |conn| {
        queries::find_by_id(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    render(
        StatusCode::OK,
        &AccountPage {
            shell,
            me,
            profile: ProfileForm::of(&member),
            member,
            errors: FieldErrors::new(),
            profile_errors: FieldErrors::new(),
        },
    )
}

/// `POST /admin/account/profile`: the person's own name and email, with their password.
pub async fn update_profile(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    me: CurrentStaff,
    actor: Actor,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let id = me.id;
    let member = db::run(&state.pool, move |conn| {
        queries::find_by_id(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let parsed = form.parse();
    let typed = form.current_password.clone();
    let hash = member.password_hash.clone();
    let password_ok = !typed.is_empty()
        && passwords::off_thread(move || passwords::verify(&typed, &hash)).await?;
    let outcome = match parsed {
        Ok((name, email)) if password_ok => {
            db::run(&state.pool, move |conn| {
                commands::update_profile(conn, &actor, id, &name, &email)
            })
            .await?
        }
        Ok(_) => {
            let mut errors = FieldErrors::new();
            errors.add("current_password", "Your current password is not correct.");
            Err(errors)
        }
        Err(mut errors) => {
            if !password_ok && !errors.has("current_password") {
                errors.add("current_password", "Your current password is not correct.");
            }
            Err(errors)
        }
    };
    match outcome {
        Ok(()) => Ok(flash::redirect(
            &req,
            "/admin/account",
            FlashMessage::success("Your details were saved."),
        )),
        Err(profile_errors) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AccountPage {
                shell,
                me,
                member,
                errors: FieldErrors::new(),
                profile: ProfileForm {
                    current_password: String::new(),
                    ..form
                },
                profile_errors,
            },
        ),
    }
}

/// `POST /admin/account/password`: changes the password and ends every other session.
pub async fn change_password(
    req: HttpRequest,
    session: Session,
    shell: Shell,
    state: web::Data<AppState>,
    me: CurrentStaff,
    actor: Actor,
    form: web::Form<ChangePasswordForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let id = me.id;
    let (email, name) = (me.email.clone(), me.name.clone());
    let member = db::run(&state.pool, move |conn| {
        queries::find_by_id(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let result = passwords::off_thread(move || {
        let mut errors = FieldErrors::new();
        if !passwords::verify(&form.current_password, &member.password_hash) {
            errors.add("current_password", "Your current password is not correct.");
        }
        new_password_field(
            &mut errors,
            &form.password,
            &form.password_confirmation,
            &[&email, &name],
        );
        if form.password == form.current_password && !errors.has("current_password") {
            errors.add(
                "password",
                "Choose a password different from your current one.",
            );
        }
        if !errors.is_empty() {
            return Ok(Err((member, errors)));
        }
        passwords::hash(&form.password)
            .map(Ok)
            .map_err(AppError::Unexpected)
    })
    .await??;
    match result {
        Ok(hash) => {
            db::run(&state.pool, move |conn| {
                db::write(conn, |c| {
                    commands::replace_password(c, &actor, id, &hash, "staff.password_changed")
                })
            })
            .await?;
            // Every session row of this account is gone; renewing saves this one under a new key.
            session.renew();
            Ok(flash::redirect(
                &req,
                "/admin/account",
                FlashMessage::success(
                    "Your password was changed. Your other sessions were signed out.",
                ),
            ))
        }
        Err((member, errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &AccountPage {
                shell,
                me,
                profile: ProfileForm::of(&member),
                member,
                errors,
                profile_errors: FieldErrors::new(),
            },
        ),
    }
}

/// `GET /admin/session/token`: this session's form token, for a page whose session ended and
/// was signed in again in another tab (`static/js/app.js` puts it in the page's forms, so the
/// typed values can be saved). Same-origin only: no other site can read the answer.
pub async fn session_token(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let token = crate::web::csrf::token(&req, &state.keys.csrf);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({ "token": token })))
}
