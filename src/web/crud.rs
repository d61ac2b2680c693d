//! The one form flow of a simple record (a location, a supplier, a category…): load it or
//! 404, show the form, parse what was posted, save it through the area's own writer, and then
//! redirect with a flash, show the form again with 422 and the person's values, or show the
//! 409 page with the record as it is now and who changed it. An area describes its record
//! once with [`RecordForm`] (in its `handlers.rs`, which may name its forms, commands, queries
//! and views) and its handlers call [`new_form`], [`edit_form`] and [`submit`].

use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::QueryResult;
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::auth::Actor;
use crate::db::{self, DbConnection, DbPool};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// A record edited through one form: the posted form is `Self`. The area's own functions
/// are named once, as constants.
pub trait RecordForm: DeserializeOwned + Sized + Send + 'static {
    type Id: Copy + DeserializeOwned + Send + 'static;
    type Record: Send + 'static;
    /// The checked value the writer takes.
    type Checked: Send + 'static;
    type Page: askama::Template;
    /// What the page needs besides the record (the category tree), read for each page.
    type Extra;

    /// Where a saved record sends the person.
    const LIST: &'static str;
    /// The form of a new record.
    const BLANK: fn() -> Self;
    /// The form showing a record as stored.
    const OF: fn(&Self::Record) -> Self;
    const PARSE: fn(&Self) -> Result<Self::Checked, FieldErrors>;
    const FIND: Finder<Self>;
    /// The area's writer: creates (`id` none) or changes the record.
    const SAVE: Saver<Self>;

    /// The flash after a save ("Location Main saved.").
    fn saved_message(&self) -> String;
    /// Where a saved record sends the person: the list, unless the record has a page of its
    /// own (a customer).
    fn saved_to(_id: Self::Id) -> String {
        Self::LIST.to_owned()
    }
    fn extra(
        req: &HttpRequest,
        state: &AppState,
    ) -> impl Future<Output = Result<Self::Extra, AppError>>;
    /// After a save, before the redirect (a cache of these records to drop).
    fn saved(_req: &HttpRequest) {}
    /// Refuses a person who may not open this record at all (a location outside theirs),
    /// before its form is shown. The writer checks again for itself.
    fn admit(
        _shell: &Shell,
        _state: &AppState,
        _id: Self::Id,
    ) -> impl Future<Output = Result<(), AppError>> {
        async { Ok(()) }
    }
    /// The form page.
    fn page(shell: Shell, extra: Self::Extra, filled: Filled<Self>) -> Self::Page;
}

/// What a form page shows: the record (none when new) as stored, the form as shown, its
/// problems, and the 409 sentence when someone else saved it first.
pub struct Filled<F: RecordForm> {
    pub id: Option<F::Id>,
    pub record: Option<F::Record>,
    pub form: F,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
}

impl<F: RecordForm> Filled<F> {
    fn of(id: Option<F::Id>, record: Option<F::Record>, form: F) -> Filled<F> {
        Filled {
            id,
            record,
            form,
            errors: FieldErrors::new(),
            conflict: None,
        }
    }
}

/// Loads a record by id, or answers 404.
pub async fn load_or_404<F: RecordForm>(pool: &DbPool, id: F::Id) -> Result<F::Record, AppError> {
    db::run(pool, move |conn| {
        (F::FIND)(conn, id)?.ok_or(AppError::NotFound)
    })
    .await
}

async fn respond<F: RecordForm>(
    status: StatusCode,
    (req, shell, state): (&HttpRequest, Shell, &AppState),
    filled: Filled<F>,
) -> Result<HttpResponse, AppError> {
    let extra = F::extra(req, state).await?;
    render(status, &F::page(shell, extra, filled))
}

/// `GET {LIST}/new`: the form of a new record.
pub async fn new<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let filled = Filled::of(None, None, (F::BLANK)());
    respond(StatusCode::OK, (&req, shell, &state), filled).await
}

/// `GET {LIST}/{id}`: the form of a stored record.
pub async fn edit<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<F::Id>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    F::admit(&shell, &state, id).await?;
    let record = load_or_404::<F>(&state.pool, id).await?;
    let form = (F::OF)(&record);
    let filled = Filled::of(Some(id), Some(record), form);
    respond(StatusCode::OK, (&req, shell, &state), filled).await
}

/// `POST {LIST}`: creates a record.
pub async fn create<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<F>,
) -> Result<HttpResponse, AppError> {
    submit(req, shell, &state, (actor, None), form.into_inner()).await
}

/// `POST {LIST}/{id}`: changes a record.
pub async fn update<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    (actor, id): (Actor, web::Path<F::Id>),
    form: web::Form<F>,
) -> Result<HttpResponse, AppError> {
    let id = Some(id.into_inner());
    submit(req, shell, &state, (actor, id), form.into_inner()).await
}

/// Saves a posted form: creates (`id` none) or changes the record.
async fn submit<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: &AppState,
    (actor, id): (Actor, Option<F::Id>),
    form: F,
) -> Result<HttpResponse, AppError> {
    let current = match id {
        Some(id) => Some(load_or_404::<F>(&state.pool, id).await?),
        None => None,
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let checked = match (F::PARSE)(&form) {
        Ok(checked) => checked,
        Err(errors) => {
            let filled = Filled {
                errors,
                ..Filled::of(id, current, form)
            };
            return respond(invalid, (&req, shell, state), filled).await;
        }
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        (F::SAVE)(conn, &actor, id, &checked, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(saved) => {
            F::saved(&req);
            Ok(flash::redirect(
                &req,
                &F::saved_to(saved),
                FlashMessage::success(form.saved_message()),
            ))
        }
        SaveResult::Invalid(errors) => {
            let filled = Filled {
                errors,
                ..Filled::of(id, current, form)
            };
            respond(invalid, (&req, shell, state), filled).await
        }
        SaveResult::Stale(message) => {
            let id = id.ok_or(AppError::NotFound)?;
            let fresh = load_or_404::<F>(&state.pool, id).await?;
            let form = (F::OF)(&fresh);
            let filled = Filled {
                conflict: Some(message),
                ..Filled::of(Some(id), Some(fresh), form)
            };
            respond(StatusCode::CONFLICT, (&req, shell, state), filled).await
        }
    }
}

/// The writer of a record form's record (its `SAVE`).
pub type Saver<F> = fn(
    &mut DbConnection,
    &Actor,
    Option<<F as RecordForm>::Id>,
    &<F as RecordForm>::Checked,
    &Shop,
) -> Result<SaveResult<<F as RecordForm>::Id>, AppError>;

/// The reader of one record by id (its `FIND`).
pub type Finder<F> =
    fn(&mut DbConnection, <F as RecordForm>::Id) -> QueryResult<Option<<F as RecordForm>::Record>>;

/// A record retired and restored rather than deleted (a location, a reason): its list, its
/// writer, and the flash of each way.
pub trait Retirable: 'static {
    type Id: Copy + DeserializeOwned + Send + 'static;
    const LIST: &'static str;
    /// Sets the record active (`true`) or not: the area's writer, with its own refusals.
    const SET: Activator<Self::Id>;
    /// The flash when it is restored, and when it is retired.
    const SAID: (&'static str, &'static str);

    /// The page whose button was pressed, where a refusal is shown (the list, unless the
    /// record's own page holds the button).
    fn refused_at(_id: Self::Id) -> String {
        Self::LIST.to_owned()
    }
}

/// `POST {LIST}/{id}/…`: restores (`ACTIVE`) or retires the record, then back to the list.
pub async fn set_active<R: Retirable, const ACTIVE: bool>(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<R::Id>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    match db::run(&state.pool, move |conn| (R::SET)(conn, &actor, id, ACTIVE)).await {
        Ok(()) => {
            let said = if ACTIVE { R::SAID.0 } else { R::SAID.1 };
            Ok(flash::redirect(&req, R::LIST, FlashMessage::success(said)))
        }
        // A refusal (a location that still holds stock) is said on the page where the button
        // was, which stays as it is; not on an error page of its own.
        Err(AppError::Conflict(message)) => Ok(flash::redirect(
            &req,
            &R::refused_at(id),
            FlashMessage::error(message),
        )),
        Err(other) => Err(other),
    }
}

/// The writer that retires (`false`) or restores (`true`) a record (a [`Retirable`]'s `SET`).
pub type Activator<Id> = fn(&mut DbConnection, &Actor, Id, bool) -> Result<(), AppError>;
