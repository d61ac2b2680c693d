//! Inventory's checked values: quantities, and the kinds of movement, actor and reference.

mod cost;
mod count_rule;
mod kinds;
mod per_line;
mod quantity;

pub use cost::weighted_average;
pub use count_rule::{after_posting, variance};
pub use kinds::{ActorKind, MovementKind, ReferenceKind, StockReference};
pub use per_line::{LineProblems, outstanding, units_per_line};
pub use quantity::{MAX_QUANTITY, Quantity, parse_change};
