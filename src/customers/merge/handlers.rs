//! Merge handlers: the side-by-side page and the merge itself.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::commands::{Choices, FIELDS, merge_customers};
use super::views::{FieldChoice, MergePage};
use crate::app::AppState;
use crate::auth::Actor;
use crate::customers::models::Customer;
use crate::customers::notes::notes_of;
use crate::customers::queries;
use crate::db;
use crate::domain::ids::CustomerId;
use crate::domain::problems::SaveResult;
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Pair {
    a: String,
    b: String,
}

fn ids(pair: &Pair) -> Result<(CustomerId, CustomerId), AppError> {
    let read = |text: &str| {
        text.trim()
            .parse::<CustomerId>()
            .map_err(|_| AppError::Validation("Choose two customers to merge.".into()))
    };
    let (a, b) = (read(&pair.a)?, read(&pair.b)?);
    if a == b {
        return Err(AppError::Validation(
            "Choose two different customers.".into(),
        ));
    }
    Ok((a, b))
}

fn shown(customer: &Customer, field: &str) -> String {
    match field {
        "first_name" => customer.first_name.clone(),
        "last_name" => customer.last_name.clone(),
        "email" => customer.email.clone().unwrap_or_default(),
        "phone" => customer.phone_display.clone(),
        "company" => customer.company.clone(),
        "note" => customer.note.clone(),
        "language" => customer.language.clone(),
        "tax_exempt" => if customer.tax_exempt {
            "Exempt"
        } else {
            "Charged"
        }
        .into(),
        _ => if customer.accepts_email {
            "Subscribed"
        } else {
            "Not subscribed"
        }
        .into(),
    }
}

fn label(field: &str) -> &'static str {
    match field {
        "first_name" => "First name",
        "last_name" => "Last name",
        "email" => "Email",
        "phone" => "Phone",
        "company" => "Company",
        "note" => "Note",
        "language" => "Language",
        "tax_exempt" => "Tax",
        _ => "Email marketing",
    }
}

async fn page(
    shell: Shell,
    state: &AppState,
    (kept, other): (CustomerId, CustomerId),
    (status, chosen, error): (StatusCode, Option<Vec<String>>, Option<String>),
) -> Result<HttpResponse, AppError> {
    let (a, b, moving) = db::run(&state.pool, move |conn| {
        let a = queries::find(conn, kept)?.ok_or(AppError::NotFound)?;
        let b = queries::find(conn, other)?.ok_or(AppError::NotFound)?;
        let moving = (
            queries::addresses_of(conn, other)?.len(),
            notes_of(conn, other)?.len(),
        );
        Ok((a, b, moving))
    })
    .await?;
    let fields = FIELDS
        .iter()
        .map(|&field| {
            let (kept, other) = (shown(&a, field), shown(&b, field));
            // By default the kept customer's value, unless only the other has one.
            let take_other = match &chosen {
                Some(chosen) => chosen.iter().any(|f| f == field),
                None => kept.is_empty() && !other.is_empty(),
            };
            FieldChoice {
                field,
                label: label(field),
                kept,
                other,
                take_other,
            }
        })
        .collect();
    render(
        status,
        &MergePage {
            shell,
            kept_name: a.display_name(),
            other_name: b.display_name(),
            kept: a,
            other: b,
            fields,
            moving,
            error,
        },
    )
}

/// `GET /admin/customers/merge?a=…&b=…`: the two side by side; `a` is kept.
pub async fn merge_form(
    shell: Shell,
    state: web::Data<AppState>,
    pair: web::Query<Pair>,
) -> Result<HttpResponse, AppError> {
    let pair = ids(&pair)?;
    page(shell, &state, pair, (StatusCode::OK, None, None)).await
}

/// `POST /admin/customers/merge`: merges `b` into `a` with the values chosen.
pub async fn merge(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (kept, other) = ids(&Pair {
        a: value("a"),
        b: value("b"),
    })?;
    let seen = (
        value("kept_version").trim().parse().unwrap_or(0),
        value("other_version").trim().parse().unwrap_or(0),
    );
    let choices = Choices {
        from_other: FIELDS
            .iter()
            .filter(|f| value(f) == "other")
            .map(|f| (*f).to_owned())
            .collect(),
    };
    let (shop, chosen) = (shell.shop.clone(), choices.from_other.clone());
    let merged = db::run(&state.pool, move |conn| {
        match merge_customers(conn, &actor, (kept, other), seen, &choices, &shop) {
            Err(AppError::Validation(message)) => Ok(Err(message)),
            other => other.map(Ok),
        }
    })
    .await?;
    match merged {
        Ok(SaveResult::Saved(id)) => Ok(flash::redirect(
            &req,
            &format!("/admin/customers/{id}"),
            FlashMessage::success("Customers merged: one record now holds both."),
        )),
        Ok(SaveResult::Stale(message)) => {
            let answer = (StatusCode::CONFLICT, None, Some(message));
            page(shell, &state, (kept, other), answer).await
        }
        Ok(SaveResult::Invalid(_)) => Err(AppError::Validation("Nothing was merged.".into())),
        Err(message) => {
            let answer = (
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(chosen),
                Some(message),
            );
            page(shell, &state, (kept, other), answer).await
        }
    }
}
