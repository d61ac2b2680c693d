//! Signing in and out, and the first-run setup of the owner account.

use actix_session::Session;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::throttle::Attempt;
use crate::auth::{Actor, CurrentStaff, Role, device, passwords, throttle};
use crate::db::{self, DbPool};
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::shop;
use crate::staff::forms::{SetupForm, SignInForm};
use crate::staff::models::{NewStaff, Staff};
use crate::staff::views::{SetupPage, SignInPage};
use crate::staff::{queries, setup};
use crate::web::flash::{self, FlashMessage};
use crate::web::guard::safe_next;
use crate::web::session_store::STAFF_ID_KEY;
use crate::web::shell::Shell;
use crate::web::{cookies, csrf, htmx, render};

#[derive(Debug, serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /login`
pub async fn sign_in_form(
    req: HttpRequest,
    shell: Shell,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    if shell.staff.is_some() || crate::web::guard::identify(&req).await?.is_some() {
        return Ok(htmx::redirect(&req, &safe_next(query.next.as_deref())));
    }
    let next = safe_next(query.next.as_deref());
    render(
        StatusCode::OK,
        &SignInPage {
            shell,
            email: String::new(),
            next,
            error: None,
        },
    )
}

enum SignInOutcome {
    SignedIn(Staff),
    Refused,
    Throttled,
}

/// `POST /login`. Unknown accounts, wrong passwords and deactivated accounts get the same
/// answer after the same work (an argon2 verification).
pub async fn sign_in(
    req: HttpRequest,
    session: Session,
    shell: Shell,
    state: web::Data<AppState>,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let email_key: String = form.email.trim().to_lowercase().chars().take(254).collect();
    let actor = crate::web::extract::actor_of(&req);
    // A browser that signed in to this account before carries its device cookie.
    let device_key = &state.keys.csrf;
    let device = req
        .cookie(device::COOKIE)
        .and_then(|cookie| device::verify(device_key, &email_key, cookie.value()));
    let outcome = attempt_sign_in(
        &state.pool,
        (email_key.clone(), device),
        form.password.clone(),
        actor,
    )
    .await?;
    let next = safe_next(Some(&form.next));
    match outcome {
        SignInOutcome::SignedIn(staff) => {
            // A new session key on sign-in: a key planted before sign-in is worth nothing.
            session.renew();
            session
                .insert(STAFF_ID_KEY, staff.id)
                .and_then(|()| session.insert(csrf::SESSION_KEY, csrf::random_token()))
                .map_err(|e| AppError::Unexpected(format!("session: {e}")))?;
            // A new device id each sign-in: this browser is known to this account from now.
            let (_, value) = device::issue(device_key, &email_key);
            cookies::queue(
                &req,
                Cookie::build(device::COOKIE, value)
                    .path("/login")
                    .http_only(true)
                    .same_site(SameSite::Strict)
                    .max_age(CookieDuration::days(device::DAYS))
                    .finish(),
            );
            Ok(htmx::redirect(&req, &next))
        }
        SignInOutcome::Refused => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &SignInPage {
                shell,
                email: form.email,
                next,
                error: Some("The email or password is incorrect.".into()),
            },
        ),
        SignInOutcome::Throttled => render(
            StatusCode::TOO_MANY_REQUESTS,
            &SignInPage {
                shell,
                email: form.email,
                next,
                error: Some(
                    "Too many failed sign-in attempts. Wait 15 minutes and try again.".into(),
                ),
            },
        ),
    }
}

/// Read (throttle and account), then argon2 on the blocking pool with no connection held,
/// then write (the sign-in or the failure, with its audit row).
async fn attempt_sign_in(
    pool: &DbPool,
    (email_key, device): (String, Option<String>),
    password: String,
    actor: Actor,
) -> Result<SignInOutcome, AppError> {
    let now = db::now();
    let ip = actor.ip_or_unknown().to_owned();
    let (key, address, known_device) = (email_key.clone(), ip.clone(), device.clone());
    let account = db::run(pool, move |conn| {
        let attempt = Attempt {
            email_key: &key,
            ip: &address,
            device: known_device.as_deref(),
        };
        if throttle::is_throttled(conn, &attempt, now)? {
            return Ok(None);
        }
        Ok(Some(queries::find_by_email_key(conn, &key)?))
    })
    .await?;
    let Some(staff) = account else {
        return Ok(SignInOutcome::Throttled);
    };
    let stored = staff
        .as_ref()
        .map_or(passwords::decoy_hash().to_owned(), |s| {
            s.password_hash.clone()
        });
    let (matches, rehash) = passwords::off_thread(move || {
        // Over-long input cannot be a password; verify a short stand-in so the timing stays
        // the same.
        let candidate = if password.len() > 4 * passwords::MAX_LENGTH {
            ""
        } else {
            password.as_str()
        };
        let matches = passwords::verify(candidate, &stored) && !candidate.is_empty();
        let rehash =
            (matches && passwords::needs_rehash(&stored)).then(|| passwords::hash(&password));
        (matches, rehash)
    })
    .await?;
    let rehash = rehash.transpose().map_err(AppError::Unexpected)?;
    match staff {
        Some(staff) if matches && staff.active => {
            let signed_in_actor = Actor {
                staff_id: Some(staff.id),
                kind: crate::auth::ActorKind::Staff,
                label: staff.email.clone(),
                ..actor
            };
            let staff_id = staff.id;
            db::run(pool, move |conn| {
                db::write(conn, |c| {
                    queries::record_sign_in(c, staff_id, now)?;
                    if let Some(hash) = &rehash {
                        queries::set_password_hash(
                            c,
                            staff_id,
                            hash,
                            (&signed_in_actor.label, now),
                        )?;
                    }
                    audit::record(
                        c,
                        &signed_in_actor,
                        Entry {
                            entity_type: "staff",
                            entity_id: Some(staff_id.to_string()),
                            action: "staff.sign_in",
                            before: None,
                            after: None,
                        },
                    )
                })
            })
            .await?;
            Ok(SignInOutcome::SignedIn(staff))
        }
        _ => {
            db::run(pool, move |conn| {
                db::write(conn, |c| {
                    let attempt = Attempt {
                        email_key: &email_key,
                        ip: &ip,
                        device: device.as_deref(),
                    };
                    throttle::record_failure(c, &attempt, now)?;
                    audit::record(
                        c,
                        &actor,
                        Entry {
                            entity_type: "staff",
                            entity_id: None,
                            action: "staff.sign_in_failed",
                            before: None,
                            after: Some(json!({ "email": email_key })),
                        },
                    )
                })
            })
            .await?;
            Ok(SignInOutcome::Refused)
        }
    }
}

/// `POST /logout`: ends this session (its row is deleted, so the old cookie is worthless).
pub async fn sign_out(
    req: HttpRequest,
    session: Session,
    state: web::Data<AppState>,
    actor: Actor,
    me: CurrentStaff,
) -> Result<HttpResponse, AppError> {
    db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            audit::record(
                c,
                &actor,
                Entry {
                    entity_type: "staff",
                    entity_id: Some(me.id.to_string()),
                    action: "staff.sign_out",
                    before: None,
                    after: None,
                },
            )
        })
    })
    .await?;
    session.purge();
    Ok(flash::redirect(
        &req,
        "/login",
        FlashMessage::info("You have been signed out."),
    ))
}

/// `GET /setup/{token}`
pub async fn setup_form(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let check = token.clone();
    let usable = db::run(&state.pool, move |conn| {
        Ok(queries::count(conn)? == 0 && setup::token_is_valid(conn, &check)?)
    })
    .await?;
    if !usable {
        return Err(setup_link_used());
    }
    let _ = req;
    // A name the shop was given already (by `demo-data`) is shown; the first start's
    // "My shop" is only the field's placeholder, so typing does not append to it.
    let named = shell.shop.name != crate::shop::DEFAULT_NAME;
    let form = SetupForm {
        shop_name: if named {
            shell.shop.name.clone()
        } else {
            String::new()
        },
        ..SetupForm::default()
    };
    render(
        StatusCode::OK,
        &SetupPage {
            shell,
            token,
            form,
            errors: FieldErrors::new(),
        },
    )
}

fn setup_link_used() -> AppError {
    AppError::NotFoundMessage(
        "This setup link has already been used or has expired. Sign in, or run `backroom staff add` to create an account.".into(),
    )
}

/// `POST /setup/{token}`: creates the owner, consumes the link and signs the owner in.
pub async fn complete_setup(
    req: HttpRequest,
    session: Session,
    shell: Shell,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<SetupForm>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let form = form.into_inner();
    let valid = match form.parse() {
        Ok(valid) => valid,
        Err(errors) => {
            return render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SetupPage {
                    shell,
                    token,
                    form,
                    errors,
                },
            );
        }
    };
    let actor = crate::web::extract::actor_of(&req);
    let hash = passwords::hash_off_thread(valid.owner.password.clone()).await?;
    let created = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            if queries::count(c)? > 0 || !setup::consume_token(c, &token)? {
                return Err(setup_link_used());
            }
            let now = db::now();
            let email_key = valid.owner.email.key();
            let id = queries::insert(c, &NewStaff {
                email: valid.owner.email.as_str(),
                email_key: &email_key,
                name: &valid.owner.name,
                role: Role::Owner,
                password_hash: &hash,
                active: true,
                version: 1,
                created_at: now,
                updated_at: now,
                updated_by: valid.owner.email.as_str(),
            })?;
            shop::set_name(c, &valid.shop_name)?;
            let owner_actor = Actor { staff_id: Some(id), kind: crate::auth::ActorKind::Staff, label: valid.owner.email.to_string(), ..actor.clone() };
            audit::record(c, &owner_actor, Entry {
                entity_type: "staff",
                entity_id: Some(id.to_string()),
                action: "staff.setup",
                before: None,
                after: Some(json!({ "email": valid.owner.email.as_str(), "name": valid.owner.name, "role": "owner", "shop_name": valid.shop_name })),
            })?;
            Ok(id)
        })
    })
    .await?;
    state.shop.invalidate();
    session.renew();
    session
        .insert(STAFF_ID_KEY, created)
        .and_then(|()| session.insert(csrf::SESSION_KEY, csrf::random_token()))
        .map_err(|e| AppError::Unexpected(format!("session: {e}")))?;
    Ok(flash::redirect(
        &req,
        "/admin",
        FlashMessage::success("Welcome to Backroom. Your owner account is ready."),
    ))
}
