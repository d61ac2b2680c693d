//! Inventory's checked values: quantities, and the kinds of movement, actor and reference.

mod kinds;
mod quantity;

pub use kinds::{ActorKind, MovementKind, ReferenceKind};
pub use quantity::{MAX_QUANTITY, Quantity};
