//! Each person's own account page: their details and their password.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::auth::{Actor, CurrentStaff, passwords};
use crate::db;
use crate::error::AppError;
use crate::staff::commands;
use crate::staff::forms::{ChangePasswordForm, new_password_field};
use crate::staff::queries;
use crate::staff::views::AccountPage;
use crate::web::flash::{self, FlashMessage};
use crate::web::forms::FormErrors;
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
            member,
            errors: FormErrors::new(),
        },
    )
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
        let mut errors = FormErrors::new();
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
                member,
                errors,
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
