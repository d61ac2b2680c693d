//! The pages of a document with lines (a transfer, a purchase order; next an order): one flow
//! for saving its draft and for a receipt against its lines, whichever document it is. The
//! area describes its page once with [`DocumentPage`] (and [`DraftForm`]) in its
//! `handlers.rs`; its handlers call [`save_draft`], [`receive`] and [`back_to`].

use std::fmt::Display;
use std::future::Future;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::de::DeserializeOwned;

use crate::app::AppState;
use crate::auth::Actor;
use crate::db::{self, DbConnection};
use crate::domain::problems::{FieldErrors, LineProblems, Receipt, SaveResult};
use crate::domain::words::count;
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::shell::Shell;

/// What a document's page shows besides the document as stored: the form as posted with its
/// problems, the problems of a receipt's lines, and the 409 sentence of a stale edit or of a
/// refused move.
#[derive(Debug)]
pub struct Shown<F, L> {
    pub form: Option<F>,
    pub errors: FieldErrors,
    pub line_problems: LineProblems<L>,
    pub conflict: Option<String>,
}

impl<F, L> Default for Shown<F, L> {
    fn default() -> Self {
        Shown {
            form: None,
            errors: FieldErrors::new(),
            line_problems: Vec::new(),
            conflict: None,
        }
    }
}

impl<F, L> Shown<F, L> {
    /// The form as the person posted it, with its problems.
    pub fn posted(form: F, errors: FieldErrors) -> Self {
        Shown {
            form: Some(form),
            errors,
            ..Shown::default()
        }
    }

    /// The problems of a receipt's lines.
    pub fn lines(line_problems: LineProblems<L>) -> Self {
        Shown {
            line_problems,
            ..Shown::default()
        }
    }

    /// The document as it is now, after someone else saved it first.
    pub fn stale(message: String) -> Self {
        Shown {
            conflict: Some(message),
            ..Shown::default()
        }
    }

    /// The document as it is now, with why a move was refused.
    pub fn refused(message: String) -> Self {
        Shown::stale(message)
    }
}

/// A document's page.
pub trait DocumentPage {
    type Id: Copy + Display + DeserializeOwned + Send + 'static;
    type LineId: Send + 'static;
    /// The draft's form as posted.
    type Form: DeserializeOwned + 'static;
    /// Where its documents live: `/admin/inventory/transfers`.
    const PATH: &'static str;
    /// The question before a receipt of more than is outstanding.
    const OVER: &'static str = "Receive more than is outstanding?";

    /// The page of the document (`id` none: a new draft) as it is now, with `shown` on it.
    fn page(
        status: StatusCode,
        shell: Shell,
        state: &AppState,
        id: Option<Self::Id>,
        shown: Shown<Self::Form, Self::LineId>,
    ) -> impl Future<Output = Result<HttpResponse, AppError>>;
}

/// A document whose draft is edited through its page's form.
pub trait DraftForm: DocumentPage {
    /// The checked draft the area's writer takes.
    type Changes: Send + 'static;
    /// The flash after a save.
    const SAVED: &'static str;

    fn parse(form: &Self::Form, shop: &Shop) -> Result<Self::Changes, FieldErrors>;
    /// The area's writer (with any check of the person's locations): creates (`id` none) or
    /// changes the draft.
    const SAVE: DraftSaver<Self>;

    /// What the person should know of the draft as saved (a transfer's shortfall at its
    /// origin), said after [`SAVED`](Self::SAVED).
    fn warning(_conn: &mut DbConnection, _id: Self::Id) -> Result<Option<String>, AppError> {
        Ok(None)
    }
}

/// The writer of a draft form's document (its `SAVE`).
pub type DraftSaver<P> = fn(
    &mut DbConnection,
    &Actor,
    Option<<P as DocumentPage>::Id>,
    &<P as DraftForm>::Changes,
    &Shop,
) -> Result<SaveResult<<P as DocumentPage>::Id>, AppError>;

/// The document's page, as a redirect with a flash.
pub fn back_to<P: DocumentPage>(req: &HttpRequest, id: P::Id, message: String) -> HttpResponse {
    flash::redirect(
        req,
        &format!("{}/{id}", P::PATH),
        FlashMessage::success(message),
    )
}

/// `GET {PATH}/new`: the page of a new document.
pub async fn new<P: DocumentPage>(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    P::page(StatusCode::OK, shell, &state, None, Shown::default()).await
}

/// `GET {PATH}/{id}`: the document's page with nothing more on it.
pub async fn show<P: DocumentPage>(
    shell: Shell,
    state: web::Data<AppState>,
    id: web::Path<P::Id>,
) -> Result<HttpResponse, AppError> {
    let id = Some(id.into_inner());
    P::page(StatusCode::OK, shell, &state, id, Shown::default()).await
}

/// `POST {PATH}`: a new draft.
pub async fn create<P: DraftForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    actor: Actor,
    form: web::Form<P::Form>,
) -> Result<HttpResponse, AppError> {
    save_draft::<P>(req, shell, &state, (actor, None), form.into_inner()).await
}

/// `POST {PATH}/{id}`: a draft's changes.
pub async fn update<P: DraftForm>(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    (actor, id): (Actor, web::Path<P::Id>),
    form: web::Form<P::Form>,
) -> Result<HttpResponse, AppError> {
    let id = Some(id.into_inner());
    save_draft::<P>(req, shell, &state, (actor, id), form.into_inner()).await
}

/// Saves a posted draft: creates (`id` none) or changes it, then redirects to it; or the page
/// again with 422 and the person's values, or with 409 and the draft as it is now.
async fn save_draft<P: DraftForm>(
    req: HttpRequest,
    shell: Shell,
    state: &AppState,
    (actor, id): (Actor, Option<P::Id>),
    form: P::Form,
) -> Result<HttpResponse, AppError> {
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let changes = match P::parse(&form, &shell.shop) {
        Ok(changes) => changes,
        Err(errors) => {
            return P::page(invalid, shell, state, id, Shown::posted(form, errors)).await;
        }
    };
    let shop = shell.shop.clone();
    let saved = db::run(&state.pool, move |conn| {
        let saved = (P::SAVE)(conn, &actor, id, &changes, &shop)?;
        let warning = match &saved {
            SaveResult::Saved(id) => P::warning(conn, *id)?,
            _ => None,
        };
        Ok((saved, warning))
    })
    .await?;
    match saved {
        (SaveResult::Saved(id), warning) => {
            let said = match warning {
                Some(warning) => format!("{} {warning}", P::SAVED),
                None => P::SAVED.to_owned(),
            };
            Ok(back_to::<P>(&req, id, said))
        }
        (SaveResult::Invalid(errors), _) => {
            P::page(invalid, shell, state, id, Shown::posted(form, errors)).await
        }
        (SaveResult::Stale(message), _) => {
            P::page(
                StatusCode::CONFLICT,
                shell,
                state,
                id,
                Shown::stale(message),
            )
            .await
        }
    }
}

/// What a receipt form posted: the form itself, its units per line as read (or their
/// problems), and how to read every line's outstanding units (what to receive, its units, its
/// lines) for "Receive everything outstanding".
pub type Arrivals<P, A, O> = (
    Posted,
    Result<A, LineProblems<<P as DocumentPage>::LineId>>,
    O,
);

/// A receipt against the document's lines: `work` checks the person may receive there and
/// receives (the flag: the person confirmed more than is outstanding). Received: back to the
/// page; problems: the page with them, 422; more than outstanding: asks first. "Receive
/// everything outstanding" asks first too, with how many units on how many lines.
pub async fn receive<P, A, O>(
    req: HttpRequest,
    (shell, state): (Shell, &AppState),
    id: P::Id,
    (posted, arrived, outstanding): Arrivals<P, A, O>,
    work: impl FnOnce(&mut DbConnection, A, bool) -> Result<Receipt<P::LineId>, AppError>
    + Send
    + 'static,
) -> Result<HttpResponse, AppError>
where
    P: DocumentPage,
    A: Send + 'static,
    O: FnOnce(&mut DbConnection) -> Result<(A, i64, i64), AppError> + Send + 'static,
{
    let invalid = StatusCode::UNPROCESSABLE_ENTITY;
    let arrived = if everything(&posted) {
        let (all, units, lines) = db::run(&state.pool, outstanding).await?;
        if !posted.confirmed() {
            return posted.ask(shell, everything_question::<P>(id, units, lines));
        }
        all
    } else {
        match arrived {
            Ok(arrived) => arrived,
            Err(problems) => {
                return P::page(invalid, shell, state, Some(id), Shown::lines(problems)).await;
            }
        }
    };
    let confirmed = posted.confirmed();
    let outcome = db::run(&state.pool, move |conn| work(conn, arrived, confirmed)).await?;
    match outcome {
        Receipt::Done(message) => Ok(back_to::<P>(&req, id, message)),
        Receipt::Invalid(problems) => {
            P::page(invalid, shell, state, Some(id), Shown::lines(problems)).await
        }
        Receipt::Over(lines) => posted.ask(shell, over_question::<P>(id, &lines)),
    }
}

/// Whether the person pressed "Receive everything outstanding".
fn everything(posted: &Posted) -> bool {
    posted
        .pairs()
        .iter()
        .any(|(name, value)| name == "everything" && value == "yes")
}

/// What receiving everything outstanding does, as asked on a page (without JavaScript) and in
/// the page's dialog (`everything_dialog`).
pub fn everything_sentence(units: i64, lines: i64) -> String {
    format!(
        "{} on {} arrive now and go into stock.",
        count(units, "unit", "units"),
        count(lines, "line", "lines")
    )
}

/// The dialog's question before receiving everything outstanding (`data-confirm`).
pub fn everything_dialog(units: i64, lines: i64) -> String {
    format!(
        "Receive everything outstanding? {}",
        everything_sentence(units, lines)
    )
}

/// Asks before receiving everything outstanding.
fn everything_question<P: DocumentPage>(id: P::Id, units: i64, lines: i64) -> Question {
    Question {
        heading: "Receive everything outstanding?".into(),
        message: everything_sentence(units, lines),
        button: "Receive everything".into(),
        cancel: format!("{}/{id}", P::PATH),
    }
}

/// Asks before a receipt of more than is outstanding on the lines named.
fn over_question<P: DocumentPage>(id: P::Id, over: &[String]) -> Question {
    Question {
        heading: P::OVER.into(),
        message: format!(
            "{}. The extra units go into stock too. Receive them?",
            over.join("; ")
        ),
        button: "Receive all".into(),
        cancel: format!("{}/{id}", P::PATH),
    }
}

/// A move from the document's page (send, place): `work` makes it and says what it did;
/// back to the page with that sentence.
pub async fn act<P: DocumentPage>(
    req: HttpRequest,
    (shell, state): (Shell, &AppState),
    id: P::Id,
    work: impl FnOnce(&mut DbConnection) -> Result<String, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    match db::run(&state.pool, work).await {
        Ok(message) => Ok(back_to::<P>(&req, id, message)),
        // A refusal (too little stock, already done) is said on the document's own page, as
        // it is now, with a 409: not on an error page.
        Err(AppError::Conflict(message)) => {
            let shown = Shown::refused(message);
            P::page(StatusCode::CONFLICT, shell, state, Some(id), shown).await
        }
        Err(other) => Err(other),
    }
}

/// A move that may ask first (close, cancel): unless the person already confirmed, `ask`
/// reads the question to ask (none: no need to ask); then [`act`].
pub async fn ask_first<P: DocumentPage>(
    req: HttpRequest,
    (shell, state): (Shell, &AppState),
    (id, posted): (P::Id, Posted),
    ask: impl FnOnce(&mut DbConnection) -> Result<Option<Question>, AppError> + Send + 'static,
    work: impl FnOnce(&mut DbConnection) -> Result<String, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    if !posted.confirmed() {
        if let Some(question) = db::run(&state.pool, ask).await? {
            return posted.ask(shell, question);
        }
    }
    act::<P>(req, (shell, state), id, work).await
}
