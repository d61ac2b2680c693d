//! Diesel structs of the catalog tables.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::catalog::domain::ProductStatus;
use crate::db::schema::{categories, products, variants};
use crate::domain::ids::{CategoryId, ImageId, ProductId, VariantId};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: ProductId,
    pub title: String,
    pub handle: String,
    pub description: String,
    pub status: ProductStatus,
    pub vendor: String,
    pub product_type: String,
    pub tags: String,
    pub category_id: Option<CategoryId>,
    pub seo_title: String,
    pub seo_description: String,
    pub option1_name: Option<String>,
    pub option2_name: Option<String>,
    pub option3_name: Option<String>,
    pub min_price: i64,
    pub max_price: i64,
    pub variant_count: i64,
    pub cover_image_id: Option<ImageId>,
    pub ever_active: bool,
    pub version: i64,
    pub updated_by: String,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub updated_at: NaiveDateTime,
}

crate::versioned!(Product);

impl Product {
    pub fn option_names(&self) -> Vec<String> {
        [&self.option1_name, &self.option2_name, &self.option3_name]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = variants)]
pub struct Variant {
    pub id: VariantId,
    pub product_id: ProductId,
    pub sku: String,
    pub sku_key: String,
    pub barcode: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub price: i64,
    pub compare_at_price: Option<i64>,
    pub cost: Option<i64>,
    pub weight_grams: Option<i64>,
    pub track_inventory: bool,
    pub allow_backorder: bool,
    pub position: i64,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub updated_at: NaiveDateTime,
}

impl Variant {
    pub fn values(&self) -> Vec<String> {
        [&self.option1, &self.option2, &self.option3]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

/// One row of the product list: only what the list shows.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct ProductRow {
    pub id: ProductId,
    pub title: String,
    pub status: ProductStatus,
    pub vendor: String,
    pub variant_count: i64,
    pub min_price: i64,
    pub max_price: i64,
    pub cover_image_id: Option<ImageId>,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = categories)]
pub struct Category {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub name: String,
    pub slug: String,
    pub version: i64,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = crate::db::Timestamp)]
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

crate::versioned!(Category);
