//! Product queries: the filtered, keyset-paginated list, look-ups for the edit page, and the
//! facet lists of the filter menus.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::catalog::domain::tag_key;
use crate::catalog::filter::{ProductFilter, Sort};
use crate::catalog::models::{Category, Product, ProductRow, Variant};
use crate::catalog::search;
use crate::catalog::search_cache::{self, SearchCache};
use crate::db::schema::{categories, product_images, product_tags, products, variants};
use crate::db::{DbBackend, DbConnection, id_in};
use crate::domain::ids::{ImageId, ProductId};
use crate::web::pagination::Cursor;

/// Counting stops here ("1,000+"): a count must not cost more as the catalog grows.
pub const COUNT_CAP: i64 = 1000;

const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// The cursor of a row under a sort.
pub fn cursor_of(row: &ProductRow, sort: Sort) -> String {
    let value = match sort {
        Sort::UpdatedDesc | Sort::UpdatedAsc => row.updated_at.format(TIME_FORMAT).to_string(),
        Sort::TitleAsc | Sort::TitleDesc => row.title.clone(),
        Sort::PriceAsc | Sort::PriceDesc => row.min_price.to_string(),
    };
    Cursor::encode(&value, row.id.get())
}

type ProductQuery = products::BoxedQuery<'static, DbBackend>;

/// The products matching a filter, unordered.
pub fn filtered(conn: &DbConnection, filter: &ProductFilter) -> ProductQuery {
    let mut query = products::table.into_boxed::<DbBackend>();
    if let Some(condition) = search::condition(conn.backend(), &filter.q) {
        query = query.filter(condition);
    }
    if let Some(status) = filter.status {
        query = query.filter(products::status.eq(status));
    }
    if let Some(ids) = &filter.category_ids {
        // One category (a leaf, the usual case) as `=`: the planner then walks the
        // (category, status, sort key) index in order instead of sorting every match.
        query = match ids.as_slice() {
            [id] => query.filter(products::category_id.eq(*id)),
            _ => query.filter(id_in(products::category_id, ids)),
        };
    }
    if let Some(vendor) = &filter.vendor {
        query = query.filter(products::vendor.eq(vendor.clone()));
    }
    if let Some(product_type) = &filter.product_type {
        query = query.filter(products::product_type.eq(product_type.clone()));
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            products::id.eq_any(
                product_tags::table
                    .filter(product_tags::tag.eq(tag_key(tag)))
                    .select(product_tags::product_id),
            ),
        );
    }
    query
}

/// `query` in the order of `sort`, from the cursor on (in its direction) when there is one.
fn ordered(query: ProductQuery, sort: Sort, cursor: Option<Cursor>) -> ProductQuery {
    let parse_time = |v: &str| NaiveDateTime::parse_from_str(v, TIME_FORMAT).ok();
    let parse_text = |v: &str| Some(v.to_owned());
    let parse_price = |v: &str| v.parse::<i64>().ok();
    match sort {
        Sort::UpdatedDesc => crate::keyset!(
            query,
            products::updated_at,
            products::id,
            false,
            cursor.as_ref(),
            parse_time
        ),
        Sort::UpdatedAsc => crate::keyset!(
            query,
            products::updated_at,
            products::id,
            true,
            cursor.as_ref(),
            parse_time
        ),
        Sort::TitleAsc => crate::keyset!(
            query,
            products::title,
            products::id,
            true,
            cursor.as_ref(),
            parse_text
        ),
        Sort::TitleDesc => crate::keyset!(
            query,
            products::title,
            products::id,
            false,
            cursor.as_ref(),
            parse_text
        ),
        Sort::PriceAsc => crate::keyset!(
            query,
            products::min_price,
            products::id,
            true,
            cursor.as_ref(),
            parse_price
        ),
        Sort::PriceDesc => crate::keyset!(
            query,
            products::min_price,
            products::id,
            false,
            cursor.as_ref(),
            parse_price
        ),
    }
}

/// One page of the list, plus whether there is more in the direction of travel.
pub fn page(
    conn: &mut DbConnection,
    filter: &ProductFilter,
    sort: Sort,
    (cursor, size): (Option<Cursor>, i64),
) -> QueryResult<(Vec<ProductRow>, bool)> {
    let backwards = cursor.as_ref().is_some_and(|c| c.backwards);
    let mut rows: Vec<ProductRow> = ordered(filtered(conn, filter), sort, cursor)
        .select(ProductRow::as_select())
        .limit(size + 1)
        .load(conn)?;
    let more = rows.len() as i64 > size;
    rows.truncate(size as usize);
    if backwards {
        rows.reverse();
    }
    Ok((rows, more))
}

/// One page of the list with the number of products matching (capped): `(rows, more, matching)`.
/// A search's ordered matches come from `cache` when computed at the catalog's current
/// generation (see [`crate::catalog::search_cache`]), so that paging through results or
/// repeating a search does not run the full-text query and sort every match again.
/// `known_total` is the count when it is already known (the unfiltered catalog).
pub fn list_page(
    conn: &mut DbConnection,
    cache: &SearchCache,
    filter: ProductFilter,
    sort: Sort,
    (cursor, size): (Option<Cursor>, i64),
    known_total: Option<i64>,
) -> QueryResult<ListPage> {
    let mut known_total = known_total;
    if let Some(key) = search_cache::key_of(&filter, sort) {
        let generation = search_cache::generation(conn)?;
        let ids = match cache.get(&key, generation) {
            Some(ids) => Some(ids),
            None => {
                // One query: the full-text sub-select, the other filters and the sort.
                let ids = sorted_ids(conn, &filter, sort)?;
                if ids.len() as i64 > COUNT_CAP {
                    // Too broad to keep: page it the usual way, the count is "1,000+".
                    known_total = Some(COUNT_CAP + 1);
                    None
                } else {
                    let ids: Arc<[ProductId]> = Arc::from(ids);
                    cache.put(key, generation, ids.clone());
                    Some(ids)
                }
            }
        };
        if let Some(ids) = ids {
            if let Some((rows, more)) = page_of_ids(conn, &ids, cursor.as_ref(), size)? {
                return Ok((rows, more, ids.len() as i64));
            }
            // A cursor from elsewhere (another sort, an older result): the usual way.
            known_total = Some(ids.len() as i64);
        }
    }
    let (rows, more) = page(conn, &filter, sort, (cursor, size))?;
    let matching = match known_total {
        Some(total) => total,
        None => capped_count(conn, &filter)?,
    };
    Ok((rows, more, matching))
}

/// A page of rows, whether there is more in the direction of travel, and how many products
/// match.
pub type ListPage = (Vec<ProductRow>, bool, i64);

/// The ids of the products matching `filter`, in the order of `sort`, up to [`COUNT_CAP`] + 1.
fn sorted_ids(
    conn: &mut DbConnection,
    filter: &ProductFilter,
    sort: Sort,
) -> QueryResult<Vec<ProductId>> {
    ordered(filtered(conn, filter), sort, None)
        .select(products::id)
        .limit(COUNT_CAP + 1)
        .load(conn)
}

/// The page after (or before) the cursor in a list of ids already in order, read by id; `None`
/// when the cursor's product is not in the list.
fn page_of_ids(
    conn: &mut DbConnection,
    ids: &[ProductId],
    cursor: Option<&Cursor>,
    size: i64,
) -> QueryResult<Option<(Vec<ProductRow>, bool)>> {
    let size = size as usize;
    let (start, end, more) = match cursor {
        None => (0, ids.len().min(size), ids.len() > size),
        Some(cursor) => {
            let Some(position) = ids.iter().position(|&id| id.get() == cursor.id) else {
                return Ok(None);
            };
            if cursor.backwards {
                let start = position.saturating_sub(size);
                (start, position, start > 0)
            } else {
                let end = (position + 1 + size).min(ids.len());
                (position + 1, end, ids.len() > end)
            }
        }
    };
    let wanted = &ids[start..end];
    let mut rows: Vec<ProductRow> = products::table
        .filter(id_in(products::id, wanted))
        .select(ProductRow::as_select())
        .load(conn)?;
    let order: HashMap<ProductId, usize> =
        wanted.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    rows.sort_by_key(|row| order.get(&row.id).copied().unwrap_or(usize::MAX));
    Ok(Some((rows, more)))
}

/// How many products match, counted up to [`COUNT_CAP`] + 1.
pub fn capped_count(conn: &mut DbConnection, filter: &ProductFilter) -> QueryResult<i64> {
    let ids: Vec<ProductId> = filtered(conn, filter)
        .select(products::id)
        .limit(COUNT_CAP + 1)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// How many products match, exactly: for "all N matching" of a bulk edit, asked for by the
/// page after it has shown (the list itself stops counting at [`COUNT_CAP`]).
pub fn exact_count(conn: &mut DbConnection, filter: &ProductFilter) -> QueryResult<i64> {
    filtered(conn, filter).count().get_result(conn)
}

/// Every id matching the filter (bulk edits over "all matching"), in id order.
pub fn matching_ids(
    conn: &mut DbConnection,
    filter: &ProductFilter,
    limit: i64,
) -> QueryResult<Vec<ProductId>> {
    filtered(conn, filter)
        .select(products::id)
        .order(products::id.asc())
        .limit(limit)
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: ProductId) -> QueryResult<Option<Product>> {
    products::table
        .find(id)
        .select(Product::as_select())
        .first(conn)
        .optional()
}

pub fn variants_of(conn: &mut DbConnection, product_id: ProductId) -> QueryResult<Vec<Variant>> {
    variants::table
        .filter(variants::product_id.eq(product_id))
        .order((variants::position.asc(), variants::id.asc()))
        .select(Variant::as_select())
        .load(conn)
}

/// Images of a product: (id, alt), in display order.
pub fn images_of(
    conn: &mut DbConnection,
    product_id: ProductId,
) -> QueryResult<Vec<(ImageId, String)>> {
    product_images::table
        .filter(product_images::product_id.eq(product_id))
        .order((product_images::position.asc(), product_images::id.asc()))
        .select((product_images::id, product_images::alt))
        .load(conn)
}

pub fn handle_taken(
    conn: &mut DbConnection,
    handle: &str,
    except: Option<ProductId>,
) -> QueryResult<bool> {
    let mut query = products::table
        .filter(products::handle.eq(handle))
        .select(products::id)
        .into_boxed::<DbBackend>();
    if let Some(id) = except {
        query = query.filter(products::id.ne(id));
    }
    Ok(query.first::<ProductId>(conn).optional()?.is_some())
}

/// Which of these SKU keys belong to variants of other products.
pub fn skus_taken(
    conn: &mut DbConnection,
    keys: &[String],
    except_product: Option<ProductId>,
) -> QueryResult<Vec<String>> {
    let mut query = variants::table
        .filter(variants::sku_key.eq_any(keys.to_vec()))
        .select(variants::sku_key)
        .into_boxed::<DbBackend>();
    if let Some(id) = except_product {
        query = query.filter(variants::product_id.ne(id));
    }
    query.load(conn)
}

pub fn barcodes_taken(
    conn: &mut DbConnection,
    codes: &[String],
    except_product: Option<ProductId>,
) -> QueryResult<Vec<String>> {
    let mut query = variants::table
        .filter(variants::barcode.eq_any(codes.to_vec()))
        .select(variants::barcode.assume_not_null())
        .into_boxed::<DbBackend>();
    if let Some(id) = except_product {
        query = query.filter(variants::product_id.ne(id));
    }
    query.load(conn)
}

pub fn vendors(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    products::table
        .filter(products::vendor.ne(""))
        .select(products::vendor)
        .distinct()
        .order(products::vendor.asc())
        .load(conn)
}

/// The most used tags, for the product form's suggestions.
pub fn popular_tags(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    product_tags::table
        .group_by(product_tags::tag)
        .select(product_tags::tag)
        .order((diesel::dsl::count_star().desc(), product_tags::tag.asc()))
        .limit(15)
        .load(conn)
}

pub fn product_types(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    products::table
        .filter(products::product_type.ne(""))
        .select(products::product_type)
        .distinct()
        .order(products::product_type.asc())
        .load(conn)
}

pub fn all_categories(conn: &mut DbConnection) -> QueryResult<Vec<Category>> {
    categories::table
        .order((categories::name.asc(), categories::id.asc()))
        .select(Category::as_select())
        .load(conn)
}

pub fn total_products(conn: &mut DbConnection) -> QueryResult<i64> {
    products::table.count().get_result(conn)
}

pub fn find_by_handle(conn: &mut DbConnection, handle: &str) -> QueryResult<Option<Product>> {
    products::table
        .filter(products::handle.eq(handle))
        .select(Product::as_select())
        .first(conn)
        .optional()
}
