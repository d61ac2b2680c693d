//! What planning an import yields: the plan, its products and its row errors.

use std::collections::HashMap;

use super::diff::FieldChange;
use crate::catalog::products::NewProduct;
use crate::domain::ids::{CategoryId, ProductId};

/// A problem with one row of the file, numbered as a spreadsheet numbers its rows (the header
/// is row 1; a cell with line breaks is still one row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub message: String,
}

/// One product the import would create or update.
#[derive(Debug, Clone)]
pub struct Planned {
    pub existing: Option<ProductId>,
    pub title: String,
    pub valid: NewProduct,
    /// For an update: every value it changes, before → after.
    pub changes: Vec<FieldChange>,
}

/// What an import would do: its counts and errors. The products themselves are handed to the
/// planner's caller one by one, so a large file is never held as a whole.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub rows: usize,
    /// Products to create, and their variants.
    pub creates: usize,
    pub create_variants: usize,
    /// Products to update.
    pub updates: usize,
    pub unchanged: usize,
    pub errors: Vec<RowError>,
    /// The handle and SKU of each row with an error, by row number: errors name the record as
    /// well as its row.
    pub records: HashMap<u64, (String, String)>,
    /// Each column's name as the file writes it ("Price" for `price`), for messages.
    pub column_names: HashMap<&'static str, String>,
    /// Each category's slug, as the file names categories.
    pub category_slugs: HashMap<CategoryId, String>,
    /// Read as a Shopify product export, through its column mapping.
    pub shopify: bool,
    /// A Shopify export's columns that have no place here (images, inventory, …).
    pub ignored_columns: Vec<String>,
}

impl ImportPlan {
    /// A column (or a product form field) by the name the file gives it: messages speak the
    /// file's language.
    pub fn column(&self, field: &str) -> String {
        let column = match field {
            "compare_at" => "compare_at_price",
            "weight" => "weight_grams",
            "track" => "track_inventory",
            "backorder" => "allow_backorder",
            "category_id" => "category",
            other => other,
        };
        self.column_names
            .get(column)
            .cloned()
            .unwrap_or_else(|| column.to_owned())
    }

    /// The handle and SKU of a row, for an error message ("", "" when unknown).
    pub fn record_of(&self, line: u64) -> (String, String) {
        self.records.get(&line).cloned().unwrap_or_default()
    }
}

impl ImportPlan {
    /// What the dry run says about the file's format, when it is not Backroom's own.
    pub fn format_note(&self) -> Option<String> {
        if !self.shopify {
            return None;
        }
        let mut note = "Read as a Shopify product export: its columns are mapped to Backroom's, \
                        and the HTML descriptions become plain text."
            .to_owned();
        if !self.ignored_columns.is_empty() {
            note.push_str(&format!(
                " Not imported: {}.",
                self.ignored_columns.join(", ")
            ));
        }
        Some(note)
    }
}

/// The row each SKU first appears on: a SKU may appear once in a file, and a later row that
/// repeats it is the one in error, whichever product is planned first.
#[derive(Debug, Default)]
pub struct SkuRows {
    /// Read from the file before planning, for every SKU it writes.
    first: HashMap<String, u64>,
    /// SKUs made while planning (a Shopify variant without one), as they are met.
    made: HashMap<String, u64>,
}

impl SkuRows {
    pub fn note(&mut self, key: String, line: u64) {
        self.first.entry(key).or_insert(line);
    }

    /// The earlier row with this SKU, if `line` is not the first with it.
    pub fn earlier(&mut self, key: &str, line: u64) -> Option<u64> {
        match self.first.get(key) {
            Some(&first) => (first != line).then_some(first),
            None => self.made.insert(key.to_owned(), line),
        }
    }
}

/// One row of the file. Its cells stay in the CSV reader's one buffer (a `StringRecord`), read
/// by column name through the file's shared column positions: a file of 100,000 rows holds
/// about its own size, not a map of strings per row.
pub struct Row {
    pub line: u64,
    record: csv::StringRecord,
    columns: std::rc::Rc<HashMap<&'static str, usize>>,
}

impl Row {
    pub fn new(
        line: u64,
        record: csv::StringRecord,
        columns: std::rc::Rc<HashMap<&'static str, usize>>,
    ) -> Row {
        Row {
            line,
            record,
            columns,
        }
    }

    /// A cell as typed (a cell the export neutralised, "'=…", reads back as it was).
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(*i))
            .map(crate::domain::spreadsheet::restore)
            .unwrap_or("")
    }
}

pub fn parse_bool(text: &str, default: bool) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" => Ok(default),
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        other => Err(format!("\"{other}\" is not true or false")),
    }
}
