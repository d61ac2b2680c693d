//! Demo inventory: locations and 90 days of stock history (`stock`), then suppliers, purchase
//! orders in every status and an open count (`buying`).

mod buying;
mod stock;

pub use stock::generate;
