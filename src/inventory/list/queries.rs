//! The inventory list's one page query. Tracked variants are read from their level at one
//! location, or from their total over all locations (`stock_totals`, kept by the ledger's
//! writer), joined to their product; the catalog's own filter picks the products first when the
//! list is searched or narrowed. A page costs the same number of queries whatever its size.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::filter::{StockFilter, StockSort, StockState};
use crate::db::schema::{products, stock_levels, stock_totals, variants};
use crate::db::{DbBackend, DbConnection, id_in};
use crate::domain::ids::{ImageId, ProductId, VariantId};
use crate::inventory::stock::{Codebook, is_low};
use crate::web::pagination::Cursor;

/// One row of the list: a variant, its product, and its stock where the list looks.
#[derive(Debug, Clone)]
pub struct StockRow {
    pub variant_id: VariantId,
    pub sku: String,
    pub barcode: Option<String>,
    pub option1: Option<String>,
    pub option2: Option<String>,
    pub option3: Option<String>,
    pub tracked: bool,
    pub allow_backorder: bool,
    pub product_id: ProductId,
    pub title: String,
    pub cover_image_id: Option<ImageId>,
    pub on_hand: i64,
    pub committed: i64,
    pub incoming: i64,
    pub reorder_point: Option<i64>,
    pub reorder_quantity: Option<i64>,
}

impl StockRow {
    pub fn available(&self) -> i64 {
        self.on_hand - self.committed
    }

    /// The cursor value of this row under `sort`.
    pub fn sort_value(&self, sort: StockSort) -> String {
        match sort {
            StockSort::Title => self.title.clone(),
            StockSort::Sku => self.sku.to_ascii_uppercase(),
            StockSort::AvailableAsc | StockSort::AvailableDesc => self.available().to_string(),
        }
    }
}

/// The most products a search or narrowing picks for the list; more than this asks the
/// person to narrow further.
pub const PRODUCT_CAP: i64 = 20_000;

/// The variant's columns of a row (the first part of [`Flat`]).
macro_rules! variant_columns {
    () => {
        (
            variants::id,
            variants::sku,
            variants::barcode,
            variants::option1,
            variants::option2,
            variants::option3,
            variants::track_inventory,
            variants::allow_backorder,
        )
    };
}

/// The stock conditions and sort over a table of figures (`stock_levels` or `stock_totals`).
macro_rules! stock_query {
    ($table:ident, $query:expr, $filter:expr, $cursor:expr, $low:expr, $sku:expr, $id:expr) => {{
        let mut query = $query;
        let available = $table::on_hand - $table::committed;
        query = match $filter.stock {
            StockState::Low => query.filter($low),
            StockState::Out => query.filter(($table::on_hand - $table::committed).le(0)),
            StockState::Negative => query.filter(($table::on_hand - $table::committed).lt(0)),
            StockState::All | StockState::Untracked => query,
        };
        let text = |v: &str| Some(v.to_owned());
        let number = |v: &str| v.parse::<i64>().ok();
        match $filter.sort {
            StockSort::Title => {
                crate::keyset!(query, products::title, variants::id, true, $cursor, text)
            }
            StockSort::Sku => crate::keyset!(query, $sku, $id, true, $cursor, text),
            StockSort::AvailableAsc => {
                crate::keyset!(query, available, variants::id, true, $cursor, number)
            }
            StockSort::AvailableDesc => {
                crate::keyset!(query, available, variants::id, false, $cursor, number)
            }
        }
    }};
}

/// The variant a search names exactly by its SKU (any case) or barcode, if one does: the list
/// then shows that row, not every variant of its product.
pub fn exact_variant(conn: &mut DbConnection, q: &str) -> QueryResult<Option<VariantId>> {
    if q.is_empty() || q.contains(char::is_whitespace) {
        return Ok(None);
    }
    let book = Codebook::read(conn, [q])?;
    Ok(book.find(q).map(|v| v.id))
}

/// A page of rows and whether there is more in the direction of reading. `products` is the
/// catalog filter's pick (none when the list is not narrowed).
pub fn stock_page(
    conn: &mut DbConnection,
    filter: &StockFilter,
    products_picked: Option<&[ProductId]>,
    cursor: Option<&Cursor>,
) -> QueryResult<(Vec<StockRow>, bool)> {
    let size = filter.per_page;
    let mut rows: Vec<StockRow> = match (filter.stock, filter.location) {
        (StockState::Untracked, _) => {
            let mut query = variants::table
                .inner_join(products::table)
                .filter(variants::track_inventory.eq(false))
                .into_boxed::<DbBackend>();
            if let Some(ids) = products_picked {
                query = query.filter(id_in(variants::product_id, ids));
            }
            if let Some(variant) = filter.exact {
                query = query.filter(variants::id.eq(variant));
            }
            let text = |v: &str| Some(v.to_owned());
            let query = match filter.sort {
                StockSort::Sku => {
                    crate::keyset!(query, variants::sku_key, variants::id, true, cursor, text)
                }
                _ => crate::keyset!(query, products::title, variants::id, true, cursor, text),
            };
            query
                .select((
                    variant_columns!(),
                    (products::id, products::title, products::cover_image_id),
                    0_i64.into_sql::<BigInt>(),
                    0_i64.into_sql::<BigInt>(),
                    0_i64.into_sql::<BigInt>(),
                    (
                        None::<i64>.into_sql::<Nullable<BigInt>>(),
                        None::<i64>.into_sql::<Nullable<BigInt>>(),
                    ),
                ))
                .limit(size + 1)
                .load::<Flat>(conn)?
                .into_iter()
                .map(StockRow::from)
                .collect()
        }
        (_, Some(location)) => {
            let mut query = stock_levels::table
                .inner_join(variants::table.inner_join(products::table))
                .filter(stock_levels::location_id.eq(location))
                .filter(variants::track_inventory.eq(true))
                .into_boxed::<DbBackend>();
            if let Some(ids) = products_picked {
                query = query.filter(id_in(variants::product_id, ids));
            }
            if let Some(variant) = filter.exact {
                query = query.filter(variants::id.eq(variant));
            }
            // In SKU order by the level's own copy of the SKU key: the location's levels (or
            // its low ones, `stock_levels_low`) are then read a page at a time from an index.
            stock_query!(
                stock_levels,
                query,
                filter,
                cursor,
                is_low(),
                stock_levels::sku_key,
                stock_levels::variant_id
            )
            .select((
                variant_columns!(),
                (products::id, products::title, products::cover_image_id),
                stock_levels::on_hand,
                stock_levels::committed,
                stock_levels::incoming,
                (stock_levels::reorder_point, stock_levels::reorder_quantity),
            ))
            .limit(size + 1)
            .load::<Flat>(conn)?
            .into_iter()
            .map(StockRow::from)
            .collect()
        }
        (_, None) => {
            let mut query = stock_totals::table
                .inner_join(variants::table.inner_join(products::table))
                .filter(variants::track_inventory.eq(true))
                .into_boxed::<DbBackend>();
            if let Some(ids) = products_picked {
                query = query.filter(id_in(variants::product_id, ids));
            }
            if let Some(variant) = filter.exact {
                query = query.filter(variants::id.eq(variant));
            }
            // Low anywhere: some level at or below its reorder point. In SKU order and not
            // narrowed, the page's variants come first, from `stock_levels_low_by_sku`, and
            // are the page: testing every variant against every low level is not needed.
            let paged;
            let filter = if filter.stock == StockState::Low
                && filter.sort == StockSort::Sku
                && products_picked.is_none()
            {
                let ids = low_anywhere_page(conn, cursor, size)?;
                query = query.filter(id_in(variants::id, &ids));
                paged = StockFilter {
                    stock: StockState::All,
                    ..filter.clone()
                };
                &paged
            } else {
                filter
            };
            let low = variants::id.eq_any(
                stock_levels::table
                    .filter(is_low())
                    .select(stock_levels::variant_id),
            );
            stock_query!(
                stock_totals,
                query,
                filter,
                cursor,
                low,
                variants::sku_key,
                variants::id
            )
            .select((
                variant_columns!(),
                (products::id, products::title, products::cover_image_id),
                stock_totals::on_hand,
                stock_totals::committed,
                stock_totals::incoming,
                (
                    None::<i64>.into_sql::<Nullable<BigInt>>(),
                    None::<i64>.into_sql::<Nullable<BigInt>>(),
                ),
            ))
            .limit(size + 1)
            .load::<Flat>(conn)?
            .into_iter()
            .map(StockRow::from)
            .collect()
        }
    };
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    if cursor.is_some_and(|c| c.backwards) {
        rows.reverse();
    }
    Ok((rows, more))
}

/// The variants of one page of "low anywhere" in SKU order (a page and one more), read from
/// the partial index `stock_levels_low_by_sku` instead of testing every variant.
fn low_anywhere_page(
    conn: &mut DbConnection,
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<Vec<VariantId>> {
    let text = |v: &str| Some(v.to_owned());
    let query = stock_levels::table
        .filter(is_low())
        .select((stock_levels::sku_key, stock_levels::variant_id))
        .distinct()
        .into_boxed::<DbBackend>();
    let query = crate::keyset!(
        query,
        stock_levels::sku_key,
        stock_levels::variant_id,
        true,
        cursor,
        text
    );
    Ok(query
        .limit(size + 1)
        .load::<(String, VariantId)>(conn)?
        .into_iter()
        .map(|(_, id)| id)
        .collect())
}

type VariantPart = (
    VariantId,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    bool,
    bool,
);
type Flat = (
    VariantPart,
    (ProductId, String, Option<ImageId>),
    i64,
    i64,
    i64,
    (Option<i64>, Option<i64>),
);

impl From<Flat> for StockRow {
    fn from(
        (variant, product, on_hand, committed, incoming, (reorder_point, reorder_quantity)): Flat,
    ) -> StockRow {
        let (variant_id, sku, barcode, option1, option2, option3, tracked, allow_backorder) =
            variant;
        let (product_id, title, cover_image_id) = product;
        StockRow {
            variant_id,
            sku,
            barcode,
            option1,
            option2,
            option3,
            tracked,
            allow_backorder,
            product_id,
            title,
            cover_image_id,
            on_hand,
            committed,
            incoming,
            reorder_point,
            reorder_quantity,
        }
    }
}

/// A variant's level at one location: (location, name, on hand, committed, incoming).
pub type LocationLevel = (crate::domain::ids::LocationId, String, i64, i64, i64);

/// A variant's level at each active location, by priority. The "all locations" row opens into
/// these.
pub fn levels_of(conn: &mut DbConnection, variant: VariantId) -> QueryResult<Vec<LocationLevel>> {
    use crate::db::schema::locations;
    stock_levels::table
        .inner_join(locations::table)
        .filter(stock_levels::variant_id.eq(variant))
        .filter(locations::active.eq(true))
        .order((locations::priority.asc(), locations::id.asc()))
        .select((
            locations::id,
            locations::name,
            stock_levels::on_hand,
            stock_levels::committed,
            stock_levels::incoming,
        ))
        .load(conn)
}
