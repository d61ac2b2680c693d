//! The checked product: what the write path takes. Built only by parsing a
//! [`ProductInput`](super::input::ProductInput), so nothing in it is unchecked.

use diesel::prelude::*;

use crate::catalog::domain::{Handle, ProductOption, ProductStatus, Sku};
use crate::db::schema::{products, variants};
use crate::domain::ids::{CategoryId, VariantId};
use crate::domain::money::Money;

/// One variant, checked.
#[derive(Debug, Clone)]
pub struct NewVariant {
    pub id: Option<VariantId>,
    pub values: Vec<String>,
    /// `None`: generate one from the handle and the values.
    pub sku: Option<Sku>,
    pub barcode: Option<String>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub cost: Option<Money>,
    pub weight_grams: Option<i64>,
    pub track_inventory: bool,
    pub allow_backorder: bool,
}

/// A product, checked.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub title: String,
    /// `None`: generate one from the title.
    pub handle: Option<Handle>,
    pub description: String,
    pub status: ProductStatus,
    pub vendor: String,
    pub product_type: String,
    pub tags: Vec<String>,
    pub category_id: Option<CategoryId>,
    pub seo_title: String,
    pub seo_description: String,
    pub options: Vec<ProductOption>,
    pub variants: Vec<NewVariant>,
    pub version: Option<i64>,
}

/// The product columns a save writes, for both the insert and the update; the derived ones
/// (price range, variant count, cover, `ever_active`) are `refresh_derived`'s. `None` means NULL
/// (a category or option removed), not "leave as is".
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = products, treat_none_as_null = true)]
pub struct ProductRecord<'a> {
    pub title: &'a str,
    pub handle: &'a str,
    pub description: &'a str,
    pub status: ProductStatus,
    pub vendor: &'a str,
    pub product_type: &'a str,
    pub tags: &'a str,
    pub category_id: Option<CategoryId>,
    pub seo_title: &'a str,
    pub seo_description: &'a str,
    pub option1_name: Option<String>,
    pub option2_name: Option<String>,
    pub option3_name: Option<String>,
    pub updated_by: &'a str,
    pub updated_at: chrono::NaiveDateTime,
}

/// The variant columns a save writes, for both the insert and the update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = variants, treat_none_as_null = true)]
pub struct VariantRecord<'a> {
    pub sku: &'a str,
    pub sku_key: &'a str,
    pub barcode: Option<&'a str>,
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
    pub updated_at: chrono::NaiveDateTime,
}
