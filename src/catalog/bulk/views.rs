//! The bulk edit pages: choose and preview, the change sets, one change set with its progress.

use askama::Template;

use crate::web::filters;

use super::forms::BulkForm;
use super::imported::describe_imported;
use super::lines::{VariantLine, variant_lines};
use super::models::{Change, ChangeSetRow};
use super::operation::{Fields, Operation, describe_fields};
use super::pricing::{PRICE_FIELDS, ROUNDINGS};
use super::queries::ItemRow;
use crate::catalog::domain::ProductStatus;
use crate::catalog::facets::CategoryEntry;
use crate::domain::ids::ProductId;
use crate::domain::money::Currency;
use crate::domain::words::count;
use crate::jobs::JobView;
use crate::web::confirm::Question;
use crate::web::shell::Shell;

/// Rows shown in a preview; the rest are counted.
const PREVIEW_ROWS: usize = 200;

pub struct PreviewRow {
    pub product_id: ProductId,
    pub title: String,
    /// The product's own fields (status, tags, …), empty when only amounts change.
    pub before: String,
    pub after: String,
    /// A line per variant whose price, compare-at price or cost changes.
    pub lines: Vec<VariantLine>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "catalog/bulk/edit.html")]
pub struct BulkPage {
    pub shell: Shell,
    pub form: BulkForm,
    pub count: usize,
    pub operations: &'static [(&'static str, &'static str)],
    pub categories: Vec<CategoryEntry>,
    pub statuses: &'static [ProductStatus],
    /// Existing vendors and the most used tags, suggested in the value field.
    pub suggestions: Vec<String>,
    pub error: Option<String>,
    /// Present on the preview step.
    pub preview: Option<Preview>,
}

impl BulkPage {
    /// The amounts a money edit can change, and the roundings, for the form's menus.
    pub fn price_fields(&self) -> &'static [(&'static str, &'static str)] {
        &PRICE_FIELDS
    }

    pub fn roundings(&self) -> &'static [(&'static str, &'static str)] {
        &ROUNDINGS
    }
}

pub struct Preview {
    pub summary: String,
    pub rows: Vec<PreviewRow>,
    pub changing: usize,
    pub unchanged: usize,
    pub failing: usize,
    pub hidden: usize,
    /// Variants (over every product, shown or not) whose new price is below their cost.
    pub below_cost: usize,
}

impl Preview {
    /// The preview of `changes`: counts, and the first rows that change or fail.
    pub fn build(
        operation: &Operation,
        changes: &[Change],
        currency: &Currency,
        categories: &[CategoryEntry],
    ) -> Preview {
        let changing = changes.iter().filter(|c| c.changes_anything()).count();
        let failing = changes.iter().filter(|c| c.after.is_err()).count();
        let unchanged = changes.len() - changing - failing;
        let mut below_cost = 0;
        let rows: Vec<PreviewRow> = changes
            .iter()
            .filter(|c| c.changes_anything() || c.after.is_err())
            .enumerate()
            .filter_map(|(index, c)| {
                let row = PreviewRow::build(c, currency, categories);
                below_cost += row.lines.iter().filter(|l| l.below_cost()).count();
                (index < PREVIEW_ROWS).then_some(row)
            })
            .collect();
        let hidden = (changing + failing).saturating_sub(rows.len());
        Preview {
            summary: operation.describe(currency, categories),
            rows,
            changing,
            unchanged,
            failing,
            hidden,
            below_cost,
        }
    }
}

impl PreviewRow {
    fn build(change: &Change, currency: &Currency, categories: &[CategoryEntry]) -> PreviewRow {
        let (before, after, lines) = match &change.after {
            Ok(after) => (
                describe_fields(&change.before, after, categories),
                describe_fields(after, &change.before, categories),
                variant_lines(&change.before, after, currency),
            ),
            Err(_) => Default::default(),
        };
        PreviewRow {
            product_id: change.product_id,
            title: change.title.clone(),
            before,
            after,
            lines,
            error: change.after.as_ref().err().cloned(),
        }
    }
}

#[derive(Template)]
#[template(path = "catalog/bulk/change_sets.html")]
pub struct ChangeSetsPage {
    pub shell: Shell,
    pub sets: Vec<ChangeSetRow>,
}

pub struct ItemView {
    pub product_id: ProductId,
    pub title: String,
    pub before: String,
    pub after: String,
    pub lines: Vec<VariantLine>,
    pub edited_since: bool,
}

impl ItemView {
    /// The item as the page shows it; none for an item whose stored fields do not read. Once
    /// the set is reverted, "edited since" marks only the products the revert skipped (the ones
    /// it restored have moved on by the revert itself).
    pub fn build(
        row: ItemRow,
        (currency, categories): (&Currency, &[CategoryEntry]),
        set_reverted: bool,
    ) -> Option<ItemView> {
        let (product_id, before, after, version_after, title, version, restored) = row;
        let (before, after, lines) = match serde_json::from_str::<Fields>(&before) {
            Ok(before) => {
                let after: Fields = serde_json::from_str(&after).ok()?;
                (
                    describe_fields(&before, &after, categories),
                    describe_fields(&after, &before, categories),
                    variant_lines(&before, &after, currency),
                )
            }
            Err(_) => {
                let (before, after) = describe_imported(&before, &after)?;
                (before, after, Vec::new())
            }
        };
        Some(ItemView {
            product_id,
            title,
            before,
            after,
            lines,
            edited_since: if set_reverted {
                !restored
            } else {
                version != version_after
            },
        })
    }
}

#[derive(Template)]
#[template(path = "catalog/bulk/change_set.html")]
pub struct ChangeSetPage {
    pub shell: Shell,
    pub set: ChangeSetRow,
    pub items: Vec<ItemView>,
    pub can_revert: bool,
    pub progress: Option<JobView>,
}

#[derive(Template)]
#[template(path = "catalog/bulk/change_set.html", block = "progress_block")]
pub struct ChangeSetProgressFragment {
    pub shell: Shell,
    pub progress: Option<JobView>,
}

/// What applying a bulk edit asks first.
pub fn apply_question(summary: &str, changing: usize) -> Question {
    let products = count(changing as i64, "product", "products");
    Question {
        heading: format!("Apply this edit to {products}?"),
        message: format!(
            "{summary}: {products} will change. You can revert it afterwards from the bulk-edit \
             history."
        ),
        button: format!("Apply to {products}"),
        cancel: "/admin/products".into(),
    }
}

/// What reverting a change set asks first (undoing, for an import).
pub fn revert_question(set: &ChangeSetRow) -> Question {
    let products = count(set.item_count, "product", "products");
    if set.is_import() {
        return Question {
            heading: "Undo this import?".into(),
            message: format!(
                "The {products} that \u{201c}{}\u{201d} updated get their values from before it \
                 back; the ones it created are deleted, or archived if they have been on sale. \
                 Products edited since are left as they are and listed afterwards.",
                set.summary
            ),
            button: "Undo this import".into(),
            cancel: format!("/admin/products/changes/{}", set.id),
        };
    }
    Question {
        heading: "Revert this edit?".into(),
        message: format!(
            "The values from before \u{201c}{}\u{201d} come back on {products}. Products edited \
             since are left as they are and listed afterwards.",
            set.summary,
        ),
        button: "Revert this edit".into(),
        cancel: format!("/admin/products/changes/{}", set.id),
    }
}

impl BulkPage {
    /// What *Apply* asks, in the dialog.
    pub fn apply_question(&self) -> Option<Question> {
        self.preview
            .as_ref()
            .map(|p| apply_question(&p.summary, p.changing))
    }
}

impl ChangeSetPage {
    /// What *Revert* asks, in the dialog.
    pub fn revert_question(&self) -> Question {
        revert_question(&self.set)
    }
}
