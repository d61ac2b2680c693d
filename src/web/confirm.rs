//! Confirmations for destructive or irreversible actions (archive, revert, apply an import or a
//! bulk edit, delete an image), one way everywhere.
//!
//! The form carries `data-confirm="question"` and posts to the action's own URL. With
//! JavaScript, `static/js/app.js` asks in a dialog first and adds `confirmed=yes` to what is
//! posted. Without it the post arrives unconfirmed, and the handler answers with
//! [`Posted::ask`]: a page that says what will happen to how many records and posts the same
//! fields again with `confirmed=yes`, or goes back. Nothing happens until a confirmed post.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::AppError;
use crate::web::render;
use crate::web::shell::Shell;

/// The field a confirmed post carries.
pub const FIELD: &str = "confirmed";

/// A form's posted fields, with the URL they were posted to.
pub struct Posted {
    path: String,
    pairs: Vec<(String, String)>,
}

/// What the confirmation page asks.
pub struct Question {
    /// "Archive Linen shirt?"
    pub heading: String,
    /// What will happen, to how many records.
    pub message: String,
    /// The confirming button: "Archive product".
    pub button: String,
    /// Where "Cancel" goes back to.
    pub cancel: String,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage {
    shell: Shell,
    question: Question,
    action: String,
    fields: Vec<(String, String)>,
}

impl Posted {
    /// True when the person said yes (in the dialog or on the confirmation page).
    pub fn confirmed(&self) -> bool {
        self.pairs.iter().any(|(k, v)| k == FIELD && v == "yes")
    }

    /// The posted fields, for a form parser that reads pairs.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The posted fields as a typed form.
    pub fn form<T: serde::de::DeserializeOwned>(&self) -> Result<T, AppError> {
        serde_urlencoded::to_string(&self.pairs)
            .ok()
            .and_then(|encoded| serde_urlencoded::from_str(&encoded).ok())
            .ok_or_else(|| AppError::Validation("The form could not be read.".into()))
    }

    /// The confirmation page: `question`, and a form posting the same fields again, confirmed.
    pub fn ask(&self, shell: Shell, question: Question) -> Result<HttpResponse, AppError> {
        let fields = self
            .pairs
            .iter()
            .filter(|(k, _)| k != FIELD && k != crate::web::csrf::FIELD)
            .cloned()
            .collect();
        let page = ConfirmPage {
            shell,
            question,
            action: self.path.clone(),
            fields,
        };
        render(StatusCode::OK, &page)
    }
}

impl FromRequest for Posted {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Posted, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let path = req.path().to_owned();
        let form = web::Form::<Vec<(String, String)>>::from_request(req, payload);
        Box::pin(async move {
            let pairs = form
                .await
                .map_err(|_| AppError::Validation("The form could not be read.".into()))?
                .into_inner();
            Ok(Posted { path, pairs })
        })
    }
}
