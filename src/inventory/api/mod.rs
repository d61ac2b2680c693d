//! The storefront's read endpoints of the JSON API (`/api/v1`, scope `catalog:read`): active
//! products with their variants, prices and availability, and availability by SKU. They read
//! through the same tables and rules as the pages (available = on hand − committed, summed
//! over the locations), never a copy. Here rather than in the catalog because availability is
//! inventory's, and inventory may name the catalog but not the other way round.

mod handlers;
mod queries;
mod routes;
mod views;

pub use routes::{ApiDoc, configure};
