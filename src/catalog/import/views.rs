//! The import pages: the upload form, the dry run's result, the progress of applying.

use askama::Template;

use super::diff::FieldChange;
use super::models::Planned;
use super::queries::HistoryRow;
use crate::domain::ids::{ImportId, ProductId};
use crate::domain::words::{count, grouped};
use crate::jobs::JobView;
use crate::web::confirm::Question;
use crate::web::filters;
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

/// One product of the dry run's list of changes.
pub struct ProductChanges {
    pub title: String,
    pub handle: String,
    /// None for a product the import creates.
    pub product_id: Option<ProductId>,
    pub variants: usize,
    pub changes: Vec<FieldChange>,
}

/// Products listed with their changes on the dry run's page; the download has them all.
pub const LISTED_PRODUCTS: usize = 200;

/// The products the dry run's page lists, kept as the plan hands them over: updates first,
/// then creates, at most [`LISTED_PRODUCTS`] in all; the rest are only counted.
#[derive(Default)]
pub struct Listed {
    updates: Vec<ProductChanges>,
    creates: Vec<ProductChanges>,
}

impl Listed {
    pub fn take(&mut self, planned: Planned) {
        let list = if planned.existing.is_some() {
            &mut self.updates
        } else {
            &mut self.creates
        };
        if list.len() >= LISTED_PRODUCTS {
            return;
        }
        list.push(ProductChanges {
            handle: planned
                .valid
                .handle
                .as_ref()
                .map(|h| h.as_str().to_owned())
                .unwrap_or_default(),
            product_id: planned.existing,
            variants: planned.valid.variants.len(),
            title: planned.title,
            changes: planned.changes,
        });
    }

    pub fn into_list(self) -> Vec<ProductChanges> {
        self.updates
            .into_iter()
            .chain(self.creates)
            .take(LISTED_PRODUCTS)
            .collect()
    }
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
    /// What will change, product by product (the first [`LISTED_PRODUCTS`]).
    pub changed: Vec<ProductChanges>,
    /// A note on the file's format ("A Shopify product export, read through its columns").
    pub format_note: Option<String>,
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

#[derive(Template)]
#[template(path = "catalog/import/history.html")]
pub struct ImportHistoryPage {
    pub shell: Shell,
    pub imports: Vec<HistoryRow>,
}

impl HistoryRow {
    /// What became of the upload, in words.
    pub fn outcome(&self) -> String {
        if self.change_set.is_some_and(|(_, undone)| undone) {
            return "Undone".into();
        }
        if self.applied_at.is_some() {
            return format!(
                "Applied: {} created, {} updated",
                grouped(self.created),
                grouped(self.updated)
            );
        }
        if self.started {
            return "Started, not finished".into();
        }
        if self.errors > 0 {
            return format!("Not applied: {}", count(self.errors, "error", "errors"));
        }
        "Checked, not applied".into()
    }

    /// The badge's colour class for [`HistoryRow::outcome`].
    pub fn badge(&self) -> &'static str {
        match (self.applied_at.is_some(), self.change_set, self.errors > 0) {
            (true, Some((_, true)), _) => "badge-muted",
            (true, _, _) => "badge-success",
            (false, _, true) => "badge-danger",
            _ => "badge-muted",
        }
    }
}
