//! The filter menus of the product list as data: categories in tree order with their full
//! path names and descendants, vendors and product types.

use std::collections::HashMap;

use crate::catalog::models::Category;
use crate::domain::ids::CategoryId;

/// Categories with their full path names and descendants, plus vendors and product types.
#[derive(Debug, Default)]
pub struct Facets {
    pub categories: Vec<CategoryEntry>,
    pub vendors: Vec<String>,
    pub product_types: Vec<String>,
    /// The most used tags (filled by the cache; empty from `build`).
    pub tags: Vec<String>,
    pub total_products: i64,
    descendants: HashMap<CategoryId, Vec<CategoryId>>,
}

/// A category as the menus show it: "Clothing › Shirts", in tree order.
#[derive(Debug, Clone)]
pub struct CategoryEntry {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub name: String,
    pub path: String,
    pub depth: usize,
}

impl Facets {
    pub fn build(
        categories: Vec<Category>,
        vendors: Vec<String>,
        product_types: Vec<String>,
        total_products: i64,
    ) -> Facets {
        let mut children: HashMap<Option<CategoryId>, Vec<&Category>> = HashMap::new();
        for category in &categories {
            children
                .entry(category.parent_id)
                .or_default()
                .push(category);
        }
        let mut entries = Vec::with_capacity(categories.len());
        let mut descendants: HashMap<CategoryId, Vec<CategoryId>> = HashMap::new();
        // Depth-first from the roots; a category whose parent is missing is shown as a root.
        let known: std::collections::HashSet<CategoryId> =
            categories.iter().map(|c| c.id).collect();
        let mut roots: Vec<&Category> = categories
            .iter()
            .filter(|c| c.parent_id.is_none_or(|p| !known.contains(&p)))
            .collect();
        roots.sort_by_key(|c| c.name.to_lowercase());
        fn walk(
            node: &Category,
            path: &str,
            depth: usize,
            children: &HashMap<Option<CategoryId>, Vec<&Category>>,
            entries: &mut Vec<CategoryEntry>,
            descendants: &mut HashMap<CategoryId, Vec<CategoryId>>,
            ancestors: &mut Vec<CategoryId>,
        ) {
            let full = if path.is_empty() {
                node.name.clone()
            } else {
                format!("{path} › {}", node.name)
            };
            entries.push(CategoryEntry {
                id: node.id,
                parent_id: node.parent_id,
                name: node.name.clone(),
                path: full.clone(),
                depth,
            });
            for ancestor in ancestors.iter().chain(std::iter::once(&node.id)) {
                descendants.entry(*ancestor).or_default().push(node.id);
            }
            if depth > 32 {
                return;
            }
            ancestors.push(node.id);
            let mut kids = children.get(&Some(node.id)).cloned().unwrap_or_default();
            kids.sort_by_key(|c| c.name.to_lowercase());
            for kid in kids {
                walk(
                    kid,
                    &full,
                    depth + 1,
                    children,
                    entries,
                    descendants,
                    ancestors,
                );
            }
            ancestors.pop();
        }
        for root in roots {
            walk(
                root,
                "",
                0,
                &children,
                &mut entries,
                &mut descendants,
                &mut Vec::new(),
            );
        }
        Facets {
            categories: entries,
            vendors,
            product_types,
            tags: Vec::new(),
            total_products,
            descendants,
        }
    }

    /// The category and everything below it.
    pub fn with_descendants(&self, id: CategoryId) -> Vec<CategoryId> {
        self.descendants
            .get(&id)
            .cloned()
            .unwrap_or_else(|| vec![id])
    }

    pub fn path_of(&self, id: CategoryId) -> Option<&str> {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.path.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(id: i64, parent: Option<CategoryId>, name: &str) -> Category {
        let now = chrono::Utc::now().naive_utc();
        Category {
            id: CategoryId::new(id),
            parent_id: parent,
            name: name.into(),
            slug: name.to_lowercase(),
            version: 1,
            created_at: now,
            updated_at: now,
            updated_by: String::new(),
        }
    }

    #[test]
    fn categories_are_listed_in_tree_order_with_paths_and_descendants() {
        let facets = Facets::build(
            vec![
                category(1, None, "Clothing"),
                category(2, Some(CategoryId::new(1)), "Shirts"),
                category(3, Some(CategoryId::new(2)), "Linen"),
                category(4, None, "Bags"),
            ],
            vec![],
            vec![],
            0,
        );
        let paths: Vec<_> = facets.categories.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "Bags",
                "Clothing",
                "Clothing › Shirts",
                "Clothing › Shirts › Linen"
            ]
        );
        let mut below = facets.with_descendants(CategoryId::new(1));
        below.sort();
        assert_eq!(below, [1, 2, 3].map(CategoryId::new));
        assert_eq!(
            facets.with_descendants(CategoryId::new(3)),
            vec![CategoryId::new(3)]
        );
    }
}
