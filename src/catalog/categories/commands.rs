//! Category writes: the only writers of the categories table, each with its audit row in the
//! same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use super::models::CategoryChanges;
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::domain::Handle;
use crate::catalog::models::Category;
use crate::db::schema::{categories, products};
use crate::db::{self, DbConnection};
use crate::domain::ids::CategoryId;
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::records::{self, RecordWrite};
use crate::shop::Shop;

crate::record_table!(Categories: Category, CategoryId, "catalog" "category", queries::find,
    |c| json!({ "name": c.name, "slug": c.slug, "parent_id": c.parent_id })
);

/// A checked category, with the slug it will have.
struct Checked<'a> {
    valid: &'a CategoryChanges,
    slug: Handle,
}

/// Creates (`id` none) or updates a category. Its parent must exist and not lie below it; an
/// empty slug is made from the name (numbered when taken); a slug given must be free.
pub fn save_category(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<CategoryId>,
    valid: &CategoryChanges,
    shop: &Shop,
) -> Result<SaveResult<CategoryId>, AppError> {
    records::save_record::<Categories, _>(conn, actor, (id, valid.version), shop, |c, _| {
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
        Ok(errors.or_ok(Checked { valid, slug }))
    })
}

impl RecordWrite<Categories> for Checked<'_> {
    fn audited(&self) -> Value {
        json!({ "name": self.valid.name, "slug": self.slug.as_str(), "parent_id": self.valid.parent_id })
    }

    fn write(
        &self,
        conn: &mut DbConnection,
        existing: Option<(CategoryId, i64)>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Option<CategoryId>> {
        let values = (
            categories::name.eq(&self.valid.name),
            categories::slug.eq(self.slug.as_str()),
            categories::parent_id.eq(self.valid.parent_id),
        );
        crate::write_record!(conn, categories, existing, (by, at), values)
    }
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
