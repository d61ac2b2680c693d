//! Settings handlers: extract → parse → command → view.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, SaveOutcome};
use super::forms::SettingsForm;
use super::queries;
use super::views::{CurrencyQuestion, SettingsPage};
use crate::app::AppState;
use crate::auth::Actor;
use crate::db;
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// `GET /admin/settings`
pub async fn show_settings(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let row = db::run(&state.pool, |conn| Ok(queries::find(conn)?)).await?;
    let page = SettingsPage::build(shell, SettingsForm::of(row), FieldErrors::new(), None, None);
    render(StatusCode::OK, &page)
}

/// `POST /admin/settings`
pub async fn save_settings(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let new = match form.parse() {
        Ok(new) => new,
        Err(errors) => {
            return render(
                invalid,
                &SettingsPage::build(shell, form, errors, None, None),
            );
        }
    };
    let version = form.version();
    let confirmed = form.confirm_currency.clone();
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        commands::save_settings(conn, &actor, version, &new, &confirmed, &shop)
    })
    .await?;
    match saved {
        SaveOutcome::Saved(changed) => {
            state.shop.invalidate();
            let message = if changed {
                "Settings saved."
            } else {
                "Nothing to save: the settings were already as shown."
            };
            Ok(flash::redirect(
                &req,
                "/admin/settings",
                FlashMessage::success(message),
            ))
        }
        SaveOutcome::Invalid(errors) => render(
            invalid,
            &SettingsPage::build(shell, form, errors, None, None),
        ),
        SaveOutcome::ConfirmCurrency(change) => {
            let question = Some(CurrencyQuestion::of(&change));
            let page = SettingsPage::build(shell, form, FieldErrors::new(), None, question);
            render(StatusCode::CONFLICT, &page)
        }
        SaveOutcome::Stale(message) => {
            let current = db::run(&state.pool, |conn| Ok(queries::find(conn)?)).await?;
            let page = SettingsPage::build(
                shell,
                SettingsForm::of(current),
                FieldErrors::new(),
                Some(message),
                None,
            );
            render(StatusCode::CONFLICT, &page)
        }
    }
}
