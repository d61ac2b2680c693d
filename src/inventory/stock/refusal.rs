//! Why a stock movement was not made: a shortage (with what each short variant has), a
//! movement that does not apply (an untracked variant, a closed location), or a failure.

use crate::domain::ids::VariantId;
use crate::domain::words::count;
use crate::error::AppError;

/// A variant that has fewer units available than a movement asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortage {
    pub variant: VariantId,
    pub sku: String,
    pub wanted: i64,
    pub available: i64,
}

impl Shortage {
    /// "TEE-M: 2 available, 3 wanted"
    pub fn describe(&self) -> String {
        format!(
            "{}: {} available, {} wanted",
            self.sku,
            self.available.max(0),
            self.wanted
        )
    }
}

#[derive(Debug)]
pub enum StockError {
    /// Not enough available; every short line is named.
    Short(Vec<Shortage>),
    /// The movement does not apply; the message says why.
    Refused(String),
    Failed(AppError),
}

impl StockError {
    /// The sentence shown for a shortage at `location`.
    pub fn shortage_message(shortages: &[Shortage], location: &str) -> String {
        let lines: Vec<String> = shortages.iter().map(Shortage::describe).collect();
        format!(
            "Not enough stock at {location} for {}: {}. Nothing was changed.",
            count(shortages.len() as i64, "variant", "variants"),
            lines.join("; ")
        )
    }
}

impl From<AppError> for StockError {
    fn from(error: AppError) -> StockError {
        StockError::Failed(error)
    }
}

impl From<diesel::result::Error> for StockError {
    fn from(error: diesel::result::Error) -> StockError {
        StockError::Failed(error.into())
    }
}

/// A refused movement as an answer: 409 for a shortage (the stock moved on), 422 for a
/// movement that cannot apply. Returned from inside `db::write`, it rolls everything back.
impl From<StockError> for AppError {
    fn from(error: StockError) -> AppError {
        match error {
            StockError::Short(shortages) => {
                let lines: Vec<String> = shortages.iter().map(Shortage::describe).collect();
                AppError::Conflict(format!(
                    "Not enough stock: {}. Nothing was changed.",
                    lines.join("; ")
                ))
            }
            StockError::Refused(message) => AppError::Validation(message),
            StockError::Failed(error) => error,
        }
    }
}
