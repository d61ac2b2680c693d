//! The category pages and the building of what they show.

use askama::Template;

use super::forms::CategoryForm;
use crate::catalog::facets::{CategoryEntry, Facets};
use crate::catalog::models::Category;
use crate::domain::ids::CategoryId;
use crate::domain::problems::FieldErrors;
use crate::web::shell::Shell;

pub struct CategoryListRow {
    pub entry: CategoryEntry,
    /// Products in the category and every category below it.
    pub products: i64,
}

#[derive(Template)]
#[template(path = "catalog/categories/list.html")]
pub struct CategoryListPage {
    pub shell: Shell,
    pub rows: Vec<CategoryListRow>,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "catalog/categories/form.html")]
pub struct CategoryFormPage {
    pub shell: Shell,
    pub category_id: Option<CategoryId>,
    pub form: CategoryForm,
    pub errors: FieldErrors,
    pub parents: Vec<CategoryEntry>,
    pub conflict: Option<String>,
    pub can_delete: bool,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "catalog/categories/delete.html")]
pub struct DeleteCategoryPage {
    pub shell: Shell,
    pub category: Category,
    pub path: String,
    pub products: i64,
    pub children: i64,
    pub targets: Vec<CategoryEntry>,
}

impl CategoryListPage {
    pub fn build(
        shell: Shell,
        facets: &Facets,
        counts: &std::collections::HashMap<CategoryId, i64>,
        can_edit: bool,
    ) -> CategoryListPage {
        let rows = facets
            .categories
            .iter()
            .map(|entry| CategoryListRow {
                products: facets
                    .with_descendants(entry.id)
                    .iter()
                    .map(|id| counts.get(id).copied().unwrap_or(0))
                    .sum(),
                entry: entry.clone(),
            })
            .collect();
        CategoryListPage {
            shell,
            rows,
            can_edit,
        }
    }
}

impl CategoryFormPage {
    /// The form page; the parent menu leaves out the category itself and everything below it
    /// (a category cannot move there).
    pub fn build(
        shell: Shell,
        facets: &Facets,
        (category_id, form): (Option<CategoryId>, CategoryForm),
        (errors, conflict): (FieldErrors, Option<String>),
        (can_edit, can_delete): (bool, bool),
    ) -> CategoryFormPage {
        let excluded = category_id
            .map(|id| facets.with_descendants(id))
            .unwrap_or_default();
        let parents = facets
            .categories
            .iter()
            .filter(|c| !excluded.contains(&c.id))
            .cloned()
            .collect();
        CategoryFormPage {
            shell,
            category_id,
            form,
            errors,
            parents,
            conflict,
            can_delete,
            can_edit,
        }
    }
}

impl DeleteCategoryPage {
    /// The delete page: the products can move to any other category.
    pub fn build(
        shell: Shell,
        facets: &Facets,
        category: Category,
        (products, children): (i64, i64),
    ) -> DeleteCategoryPage {
        let path = facets
            .path_of(category.id)
            .unwrap_or(&category.name)
            .to_owned();
        let targets = facets
            .categories
            .iter()
            .filter(|c| c.id != category.id)
            .cloned()
            .collect();
        DeleteCategoryPage {
            shell,
            category,
            path,
            products,
            children,
            targets,
        }
    }
}
