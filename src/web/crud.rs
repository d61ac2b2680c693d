//! The one form flow of a simple record (a location, a supplier, a category…): load it or
//! 404, show the form, parse what was posted, save it through the area's own writer, and then
//! redirect with a flash, show the form again with 422 and the person's values, or show the
//! 409 page with the record as it is now and who changed it. An area describes its record
//! once with [`RecordForm`] (in its `handlers.rs`, which may name its forms, commands, queries
//! and views) and its handlers call [`new_form`], [`edit_form`] and [`submit`].

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};

use crate::app::AppState;
use crate::auth::Actor;
use crate::db::{self, DbConnection, DbPool};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::flash::{self, FlashMessage};
use crate::web::render;
use crate::web::shell::Shell;

/// A record edited through one form: the posted form is `Self`.
pub trait RecordForm: Sized + Send + 'static {
    type Id: Copy + Send + 'static;
    type Record: Send + 'static;
    /// The checked value the writer takes.
    type Checked: Send + 'static;
    type Page: askama::Template;

    /// Where a saved record sends the person.
    const LIST: &'static str;

    /// The form of a new record.
    fn blank() -> Self;
    /// The form showing `record` as stored.
    fn of(record: &Self::Record) -> Self;
    fn parse(&self) -> Result<Self::Checked, FieldErrors>;
    /// The flash after a save ("Location Main saved.").
    fn saved_message(&self) -> String;

    fn find(conn: &mut DbConnection, id: Self::Id) -> Result<Option<Self::Record>, AppError>;
    /// The area's writer: creates (`id` none) or changes the record.
    fn save(
        conn: &mut DbConnection,
        actor: &Actor,
        id: Option<Self::Id>,
        checked: &Self::Checked,
        shop: &Shop,
    ) -> Result<SaveResult<()>, AppError>;

    /// The form page: the record as stored (none when new), the form as shown, its problems,
    /// and the 409 sentence when someone else saved it first.
    fn page(
        shell: Shell,
        record: Option<Self::Record>,
        form: Self,
        errors: FieldErrors,
        conflict: Option<String>,
    ) -> Self::Page;
}

/// Loads a record by id, or answers 404.
pub async fn load_or_404<F: RecordForm>(pool: &DbPool, id: F::Id) -> Result<F::Record, AppError> {
    db::run(pool, move |conn| {
        F::find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await
}

/// The form of a new record.
pub async fn new_form<F: RecordForm>(shell: Shell) -> Result<HttpResponse, AppError> {
    let page = F::page(shell, None, F::blank(), FieldErrors::new(), None);
    render(StatusCode::OK, &page)
}

/// The form of a stored record.
pub async fn edit_form<F: RecordForm>(
    shell: Shell,
    state: &AppState,
    id: F::Id,
) -> Result<HttpResponse, AppError> {
    let record = load_or_404::<F>(&state.pool, id).await?;
    let form = F::of(&record);
    render(
        StatusCode::OK,
        &F::page(shell, Some(record), form, FieldErrors::new(), None),
    )
}

/// Saves a posted form: creates (`id` none) or changes the record.
pub async fn submit<F: RecordForm>(
    req: HttpRequest,
    shell: Shell,
    state: &AppState,
    actor: Actor,
    id: Option<F::Id>,
    form: F,
) -> Result<HttpResponse, AppError> {
    let current = match id {
        Some(id) => Some(load_or_404::<F>(&state.pool, id).await?),
        None => None,
    };
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let checked = match form.parse() {
        Ok(checked) => checked,
        Err(errors) => return render(invalid, &F::page(shell, current, form, errors, None)),
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        F::save(conn, &actor, id, &checked, &shop)
    })
    .await?;
    match saved {
        SaveResult::Saved(()) => Ok(flash::redirect(
            &req,
            F::LIST,
            FlashMessage::success(form.saved_message()),
        )),
        SaveResult::Invalid(errors) => {
            render(invalid, &F::page(shell, current, form, errors, None))
        }
        SaveResult::Stale(message) => {
            let id = id.ok_or(AppError::NotFound)?;
            let fresh = load_or_404::<F>(&state.pool, id).await?;
            let form = F::of(&fresh);
            let page = F::page(shell, Some(fresh), form, FieldErrors::new(), Some(message));
            render(StatusCode::CONFLICT, &page)
        }
    }
}
