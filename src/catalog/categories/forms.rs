//! The category forms, as typed, and their parsing into [`CategoryChanges`].

use serde::Deserialize;

use super::models::CategoryChanges;
use crate::catalog::domain::Handle;
use crate::catalog::models::Category;
use crate::domain::ids::CategoryId;
use crate::domain::problems::FieldErrors;
use crate::web::forms::text_field;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    pub name: String,
    pub slug: String,
    pub parent_id: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DeleteCategoryForm {
    /// Where the products go: a category id, or empty for "no category".
    pub move_to: String,
}

impl CategoryForm {
    /// The form filled with a category's stored values.
    pub fn of(category: &Category) -> CategoryForm {
        CategoryForm {
            name: category.name.clone(),
            slug: category.slug.clone(),
            parent_id: category
                .parent_id
                .map(|p| p.to_string())
                .unwrap_or_default(),
            version: category.version.to_string(),
        }
    }

    pub fn parse(&self) -> Result<CategoryChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &self.name, "a name", 100, true);
        let slug = if self.slug.trim().is_empty() {
            None
        } else {
            Handle::parse(&self.slug)
                .map_err(|m| errors.add("slug", m))
                .ok()
        };
        let parent_id = match self.parent_id.trim() {
            "" => None,
            id => match id.parse() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add("parent_id", "Choose a parent from the list.");
                    None
                }
            },
        };
        let version = self.version.trim().parse().ok();
        if errors.is_empty() {
            Ok(CategoryChanges {
                name,
                slug,
                parent_id,
                version,
            })
        } else {
            Err(errors)
        }
    }
}

impl DeleteCategoryForm {
    /// Where the products go, checked against the category being deleted.
    pub fn move_to(&self, deleting: CategoryId) -> Result<Option<CategoryId>, String> {
        let move_to = match self.move_to.trim() {
            "" => None,
            other => Some(
                other
                    .parse()
                    .map_err(|_| "Choose where the products go.".to_owned())?,
            ),
        };
        if move_to == Some(deleting) {
            return Err("Products cannot move to the category being deleted.".into());
        }
        Ok(move_to)
    }
}
