//! Category writes: the only writers of the categories table, each with its audit row in the
//! same transaction.

use diesel::prelude::*;
use serde_json::json;

use super::models::CategoryChanges;
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::domain::Handle;
use crate::db::schema::{categories, products};
use crate::db::{self, DbConnection};
use crate::domain::ids::CategoryId;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::shop::Shop;

/// What a save came to.
/// Creates (`id` none) or updates a category.
pub fn save_category(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<CategoryId>,
    valid: &CategoryChanges,
    shop: &Shop,
) -> Result<SaveResult<()>, AppError> {
    db::write(conn, |c| {
        let existing = db::existing(c, id, queries::find)?;
        if let Some(stale) = shop.stale_edit("category", existing.as_ref(), valid.version) {
            return Ok(SaveResult::Stale(stale));
        }
        let mut errors = FieldErrors::new();
        if let Some(parent) = valid.parent_id {
            if queries::find(c, parent)?.is_none() {
                errors.add("parent_id", "That parent no longer exists.");
            } else if let Some(id) = id {
                if queries::is_within(c, parent, id)? {
                    errors.add(
                        "parent_id",
                        "A category cannot move under itself or one of its subcategories.",
                    );
                }
            }
        }
        let slug = match &valid.slug {
            Some(slug) => {
                if queries::slug_taken(c, slug.as_str(), id)? {
                    errors.add("slug", "Another category uses this slug.");
                }
                slug.clone()
            }
            None => {
                let base = Handle::from_title(&valid.name);
                let mut candidate = base.clone();
                let mut n = 2;
                while queries::slug_taken(c, candidate.as_str(), id)? {
                    candidate = base.with_suffix(n);
                    n += 1;
                }
                candidate
            }
        };
        if !errors.is_empty() {
            return Ok(SaveResult::Invalid(errors));
        }
        let now = db::now();
        let after =
            json!({ "name": valid.name, "slug": slug.as_str(), "parent_id": valid.parent_id });
        let (category_id, before, action) = match &existing {
            Some(current) => {
                diesel::update(categories::table.find(current.id))
                    .set((
                        categories::name.eq(&valid.name),
                        categories::slug.eq(slug.as_str()),
                        categories::parent_id.eq(valid.parent_id),
                        categories::version.eq(current.version + 1),
                        categories::updated_at.eq(now),
                        categories::updated_by.eq(&actor.label),
                    ))
                    .execute(c)?;
                let before = json!({ "name": current.name, "slug": current.slug, "parent_id": current.parent_id });
                (current.id, Some(before), "catalog.category_updated")
            }
            None => {
                let new_id: CategoryId = diesel::insert_into(categories::table)
                    .values((
                        categories::name.eq(&valid.name),
                        categories::slug.eq(slug.as_str()),
                        categories::parent_id.eq(valid.parent_id),
                        categories::version.eq(1_i64),
                        categories::created_at.eq(now),
                        categories::updated_at.eq(now),
                        categories::updated_by.eq(&actor.label),
                    ))
                    .returning(categories::id)
                    .get_result(c)?;
                (new_id, None, "catalog.category_created")
            }
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "category",
                entity_id: Some(category_id.to_string()),
                action,
                before,
                after: Some(after),
            },
        )?;
        Ok(SaveResult::Saved(()))
    })
}

/// Deletes a category: its products move to `move_to` (or to no category), its subcategories
/// to its parent. Returns the deleted category's name.
pub fn delete_category(
    conn: &mut DbConnection,
    actor: &Actor,
    id: CategoryId,
    move_to: Option<CategoryId>,
) -> Result<String, AppError> {
    db::write(conn, |c| {
        let category = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        if let Some(target) = move_to {
            if queries::find(c, target)?.is_none() {
                return Err(AppError::Validation(
                    "The category chosen for the products no longer exists.".into(),
                ));
            }
        }
        let moved = diesel::update(products::table.filter(products::category_id.eq(id)))
            .set(products::category_id.eq(move_to))
            .execute(c)?;
        diesel::update(categories::table.filter(categories::parent_id.eq(id)))
            .set(categories::parent_id.eq(category.parent_id))
            .execute(c)?;
        diesel::delete(categories::table.find(id)).execute(c)?;
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "category",
                entity_id: Some(id.to_string()),
                action: "catalog.category_deleted",
                before: Some(
                    json!({ "name": category.name, "slug": category.slug, "parent_id": category.parent_id }),
                ),
                after: Some(json!({ "products_moved": moved, "moved_to": move_to })),
            },
        )?;
        Ok(category.name)
    })
}
