//! The inventory import's pages: the upload form, a check with errors, and an import (its
//! lines before applying; its progress and outcome after).

use askama::Template;

use super::format::{COLUMNS, READ_ONLY};
use super::models::RowError;
use super::queries::ShownLine;
use crate::domain::words::count;
use crate::jobs::JobView;
use crate::web::confirm::Question;
use crate::web::filters;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/import/upload.html")]
pub struct UploadPage {
    pub shell: Shell,
    /// The active reasons: (id, label).
    pub reasons: Vec<(i64, String)>,
    pub error: Option<String>,
    pub max_mb: usize,
}

impl UploadPage {
    pub fn columns(&self) -> String {
        COLUMNS.join(", ")
    }

    pub fn read_only(&self) -> String {
        READ_ONLY.join(", ")
    }
}

#[derive(Template)]
#[template(path = "inventory/import/check.html")]
pub struct CheckPage {
    pub shell: Shell,
    pub file_name: String,
    pub rows: usize,
    pub errors: Vec<RowError>,
    pub hidden_errors: usize,
    /// Nothing in the file differs from the shop's stock.
    pub nothing_to_change: bool,
    pub unchanged: usize,
}

#[derive(Template)]
#[template(path = "inventory/import/import.html")]
pub struct ImportPage {
    pub shell: Shell,
    pub id: i64,
    pub file_name: String,
    pub rows: i64,
    pub line_count: i64,
    pub lines: Vec<ShownLine>,
    /// Set once applying started.
    pub progress: Option<JobView>,
    pub skipped: i64,
}

impl ImportPage {
    pub fn hidden_lines(&self) -> i64 {
        let listed = self.lines.len() as i64;
        let of = if self.progress.is_some() {
            self.skipped
        } else {
            self.line_count
        };
        (of - listed).max(0)
    }

    pub fn apply_question(&self) -> Question {
        apply_question(self.id, self.line_count)
    }
}

pub fn apply_question(id: i64, lines: i64) -> Question {
    Question {
        heading: "Apply this import?".into(),
        message: format!(
            "{} will change, as the check showed. Each change is written to the stock ledger.",
            count(lines, "level", "levels")
        ),
        button: "Apply import".into(),
        cancel: format!("/admin/inventory/imports/{id}"),
    }
}

#[derive(Template)]
#[template(path = "partials/job_progress.html")]
pub struct ImportProgressFragment {
    pub shell: Shell,
    pub progress: JobView,
}
