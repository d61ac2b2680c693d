//! Category reads. Plain functions over a connection; callers own the transaction.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::catalog::models::Category;
use crate::db::DbConnection;
use crate::db::schema::{categories, products};
use crate::domain::ids::CategoryId;

/// Products per category (directly in it, not below it).
pub fn product_counts(conn: &mut DbConnection) -> QueryResult<HashMap<CategoryId, i64>> {
    let rows: Vec<(Option<CategoryId>, i64)> = products::table
        .filter(products::category_id.is_not_null())
        .group_by(products::category_id)
        .select((products::category_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}

pub fn find(conn: &mut DbConnection, id: CategoryId) -> QueryResult<Option<Category>> {
    categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

/// How many products sit directly in a category, and how many subcategories it has.
pub fn products_and_children(conn: &mut DbConnection, id: CategoryId) -> QueryResult<(i64, i64)> {
    let products: i64 = products::table
        .filter(products::category_id.eq(id))
        .count()
        .get_result(conn)?;
    let children: i64 = categories::table
        .filter(categories::parent_id.eq(id))
        .count()
        .get_result(conn)?;
    Ok((products, children))
}

pub fn slug_taken(
    conn: &mut DbConnection,
    slug: &str,
    except: Option<CategoryId>,
) -> QueryResult<bool> {
    let ids: Vec<CategoryId> = categories::table
        .filter(categories::slug.eq(slug))
        .select(categories::id)
        .load(conn)?;
    Ok(ids.into_iter().any(|id| Some(id) != except))
}

/// True when `candidate` is `id` or lies below it (moving `id` there would make a cycle).
pub fn is_within(
    conn: &mut DbConnection,
    candidate: CategoryId,
    id: CategoryId,
) -> QueryResult<bool> {
    let mut current = Some(candidate);
    let mut steps = 0;
    while let Some(node) = current {
        if node == id {
            return Ok(true);
        }
        steps += 1;
        if steps > 64 {
            return Ok(true);
        }
        current = categories::table
            .find(node)
            .select(categories::parent_id)
            .first::<Option<CategoryId>>(conn)
            .optional()?
            .flatten();
    }
    Ok(false)
}
