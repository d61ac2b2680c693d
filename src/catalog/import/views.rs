//! The import pages: the upload form, the dry run's result, the progress of applying.

use askama::Template;

use crate::domain::ids::ImportId;
use crate::domain::words::count;
use crate::jobs::JobView;
use crate::web::confirm::Question;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "catalog/import/upload.html")]
pub struct ImportPage {
    pub shell: Shell,
    pub columns: &'static [&'static str],
    pub error: Option<String>,
    pub max_mb: usize,
}

/// One error of the dry run, with the record it belongs to.
pub struct ErrorLine {
    /// The spreadsheet's row number (the header is row 1).
    pub row: u64,
    pub handle: String,
    pub sku: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "catalog/import/dry_run.html")]
pub struct ImportResultPage {
    pub shell: Shell,
    pub import_id: ImportId,
    pub file_name: String,
    pub rows: usize,
    pub creates: usize,
    pub create_variants: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub errors: Vec<ErrorLine>,
    pub hidden_errors: usize,
}

#[derive(Template)]
#[template(path = "catalog/import/progress.html")]
pub struct ImportProgressPage {
    pub shell: Shell,
    pub file_name: String,
    pub created: i64,
    pub updated: i64,
    pub progress: JobView,
}

#[derive(Template)]
#[template(path = "catalog/import/progress.html", block = "progress_block")]
pub struct ImportProgressFragment {
    pub shell: Shell,
    pub progress: JobView,
}

/// What applying an import asks first, with the counts its check found.
pub fn apply_question(creates: usize, updates: usize) -> Question {
    Question {
        heading: "Apply this import?".into(),
        message: format!(
            "{} will be created and {} updated, as the check above showed.",
            count(creates as i64, "product", "products"),
            count(updates as i64, "product", "products"),
        ),
        button: "Apply import".into(),
        cancel: "/admin/products/import".into(),
    }
}

impl ImportResultPage {
    /// What *Apply import* asks, in the dialog.
    pub fn apply_question(&self) -> Question {
        apply_question(self.creates, self.updates)
    }
}
