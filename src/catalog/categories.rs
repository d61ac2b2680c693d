//! Categories: a tree with unique slugs. Listing with product counts, add, rename and move
//! (never under itself), and delete — which asks where the category's products go and hands its
//! subcategories to its parent.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;

use crate::app::AppState;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::auth::Permission;
use crate::catalog::CatalogState;
use crate::catalog::domain::Handle;
use crate::catalog::facets::CategoryEntry;
use crate::catalog::models::Category;
use crate::db::schema::{categories, products};
use crate::db::{self, DbConnection};
use crate::error::AppError;
use crate::web::flash::{self, FlashMessage};
use crate::web::forms::{FormErrors, text_field};
use crate::web::render;
use crate::web::shell::Shell;

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

pub struct CategoryListRow {
    pub entry: CategoryEntry,
    pub products: i64,
}

#[derive(Template)]
#[template(path = "catalog/categories.html")]
pub struct CategoryListPage {
    pub shell: Shell,
    pub rows: Vec<CategoryListRow>,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "catalog/category_form.html")]
pub struct CategoryFormPage {
    pub shell: Shell,
    pub category_id: Option<i64>,
    pub form: CategoryForm,
    pub errors: FormErrors,
    pub parents: Vec<CategoryEntry>,
    pub conflict: Option<String>,
    pub can_delete: bool,
    pub can_edit: bool,
}

#[derive(Template)]
#[template(path = "catalog/category_delete.html")]
pub struct DeleteCategoryPage {
    pub shell: Shell,
    pub category: Category,
    pub path: String,
    pub products: i64,
    pub children: i64,
    pub targets: Vec<CategoryEntry>,
}

fn product_counts(conn: &mut DbConnection) -> QueryResult<HashMap<i64, i64>> {
    let rows: Vec<(Option<i64>, i64)> = products::table
        .filter(products::category_id.is_not_null())
        .group_by(products::category_id)
        .select((products::category_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| id.map(|id| (id, n)))
        .collect())
}

fn find(conn: &mut DbConnection, id: i64) -> QueryResult<Option<Category>> {
    categories::table
        .find(id)
        .select(Category::as_select())
        .first(conn)
        .optional()
}

/// `GET /admin/categories`
pub async fn list_categories(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    let counts = db::run(&state.pool, |conn| Ok(product_counts(conn)?)).await?;
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
    let can_edit = shell.can(Permission::CatalogEdit);
    render(
        StatusCode::OK,
        &CategoryListPage {
            shell,
            rows,
            can_edit,
        },
    )
}

async fn form_page(
    shell: Shell,
    state: &AppState,
    catalog: &CatalogState,
    category_id: Option<i64>,
    form: CategoryForm,
    errors: FormErrors,
    conflict: Option<String>,
) -> Result<CategoryFormPage, AppError> {
    let facets = catalog.facets(&state.pool).await?;
    // A category cannot move under itself or anything below it.
    let excluded = category_id
        .map(|id| facets.with_descendants(id))
        .unwrap_or_default();
    let parents = facets
        .categories
        .iter()
        .filter(|c| !excluded.contains(&c.id))
        .cloned()
        .collect();
    let can_delete = shell.can(Permission::CatalogDelete);
    let can_edit = shell.can(Permission::CatalogEdit);
    Ok(CategoryFormPage {
        shell,
        category_id,
        form,
        errors,
        parents,
        conflict,
        can_delete,
        can_edit,
    })
}

/// `GET /admin/categories/new`
pub async fn new_category_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
) -> Result<HttpResponse, AppError> {
    let page = form_page(
        shell,
        &state,
        &catalog,
        None,
        CategoryForm::default(),
        FormErrors::new(),
        None,
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// `GET /admin/categories/{id}`
pub async fn edit_category_form(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let category = db::run(&state.pool, move |conn| {
        find(conn, id)?.ok_or(AppError::NotFound)
    })
    .await?;
    let form = CategoryForm {
        name: category.name,
        slug: category.slug,
        parent_id: category
            .parent_id
            .map(|p| p.to_string())
            .unwrap_or_default(),
        version: category.version.to_string(),
    };
    let page = form_page(
        shell,
        &state,
        &catalog,
        Some(id),
        form,
        FormErrors::new(),
        None,
    )
    .await?;
    render(StatusCode::OK, &page)
}

struct ValidCategory {
    name: String,
    slug: Option<Handle>,
    parent_id: Option<i64>,
    version: Option<i64>,
}

fn parse(form: &CategoryForm) -> Result<ValidCategory, FormErrors> {
    let mut errors = FormErrors::new();
    let name = text_field(&mut errors, "name", &form.name, "a name", 100, true);
    let slug = if form.slug.trim().is_empty() {
        None
    } else {
        Handle::parse(&form.slug)
            .map_err(|m| errors.add("slug", m))
            .ok()
    };
    let parent_id = match form.parent_id.trim() {
        "" => None,
        id => match id.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.add("parent_id", "Choose a parent from the list.");
                None
            }
        },
    };
    let version = form.version.trim().parse().ok();
    if errors.is_empty() {
        Ok(ValidCategory {
            name,
            slug,
            parent_id,
            version,
        })
    } else {
        Err(errors)
    }
}

enum Outcome {
    Saved,
    Invalid(FormErrors),
    Stale(String),
}

fn slug_taken(conn: &mut DbConnection, slug: &str, except: Option<i64>) -> QueryResult<bool> {
    let ids: Vec<i64> = categories::table
        .filter(categories::slug.eq(slug))
        .select(categories::id)
        .load(conn)?;
    Ok(ids.into_iter().any(|id| Some(id) != except))
}

/// True when `candidate` is `id` or lies below it (moving `id` there would make a cycle).
fn is_within(conn: &mut DbConnection, candidate: i64, id: i64) -> QueryResult<bool> {
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
            .first::<Option<i64>>(conn)
            .optional()?
            .flatten();
    }
    Ok(false)
}

fn save(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<i64>,
    valid: &ValidCategory,
) -> Result<Outcome, AppError> {
    db::write(conn, |c| {
        let existing = match id {
            Some(id) => Some(find(c, id)?.ok_or(AppError::NotFound)?),
            None => None,
        };
        if let Some(current) = &existing {
            if valid.version != Some(current.version) {
                let who =
                    crate::audit::queries::last_change(c, "category", &current.id.to_string())?
                        .map(|(actor, _)| actor)
                        .unwrap_or_else(|| "Someone".into());
                return Ok(Outcome::Stale(format!(
                    "{who} changed this category after you opened it. Its current values are shown; make your change again."
                )));
            }
        }
        let mut errors = FormErrors::new();
        if let Some(parent) = valid.parent_id {
            if find(c, parent)?.is_none() {
                errors.add("parent_id", "That parent no longer exists.");
            } else if let Some(id) = id {
                if is_within(c, parent, id)? {
                    errors.add(
                        "parent_id",
                        "A category cannot move under itself or one of its subcategories.",
                    );
                }
            }
        }
        let slug = match &valid.slug {
            Some(slug) => {
                if slug_taken(c, slug.as_str(), id)? {
                    errors.add("slug", "Another category uses this slug.");
                }
                slug.clone()
            }
            None => {
                let base = Handle::from_title(&valid.name);
                let mut candidate = base.clone();
                let mut n = 2;
                while slug_taken(c, candidate.as_str(), id)? {
                    candidate = base.with_suffix(n);
                    n += 1;
                }
                candidate
            }
        };
        if !errors.is_empty() {
            return Ok(Outcome::Invalid(errors));
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
                    ))
                    .execute(c)?;
                let before = json!({ "name": current.name, "slug": current.slug, "parent_id": current.parent_id });
                (current.id, Some(before), "catalog.category_updated")
            }
            None => {
                let new_id: i64 = diesel::insert_into(categories::table)
                    .values((
                        categories::name.eq(&valid.name),
                        categories::slug.eq(slug.as_str()),
                        categories::parent_id.eq(valid.parent_id),
                        categories::version.eq(1_i64),
                        categories::created_at.eq(now),
                        categories::updated_at.eq(now),
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
        Ok(Outcome::Saved)
    })
}

async fn submit(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: Option<i64>,
    form: CategoryForm,
) -> Result<HttpResponse, AppError> {
    let valid = match parse(&form) {
        Ok(valid) => valid,
        Err(errors) => {
            let page = form_page(shell, &state, &catalog, id, form, errors, None).await?;
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    match db::run(&state.pool, move |conn| save(conn, &actor, id, &valid)).await? {
        Outcome::Saved => {
            catalog.invalidate();
            Ok(flash::redirect(
                &req,
                "/admin/categories",
                FlashMessage::success("Category saved."),
            ))
        }
        Outcome::Invalid(errors) => {
            let page = form_page(shell, &state, &catalog, id, form, errors, None).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Outcome::Stale(message) => {
            let Some(id) = id else {
                return Err(AppError::NotFound);
            };
            let current = db::run(&state.pool, move |conn| {
                find(conn, id)?.ok_or(AppError::NotFound)
            })
            .await?;
            let form = CategoryForm {
                name: current.name,
                slug: current.slug,
                parent_id: current.parent_id.map(|p| p.to_string()).unwrap_or_default(),
                version: current.version.to_string(),
            };
            let page = form_page(
                shell,
                &state,
                &catalog,
                Some(id),
                form,
                FormErrors::new(),
                Some(message),
            )
            .await?;
            render(StatusCode::CONFLICT, &page)
        }
    }
}

/// `POST /admin/categories`
pub async fn create_category(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    submit(req, shell, state, catalog, actor, None, form.into_inner()).await
}

/// `POST /admin/categories/{id}`
pub async fn update_category(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
    form: web::Form<CategoryForm>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    submit(
        req,
        shell,
        state,
        catalog,
        actor,
        Some(id),
        form.into_inner(),
    )
    .await
}

/// `GET /admin/categories/{id}/delete`: asks what happens to the products.
pub async fn confirm_delete_category(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let facets = catalog.facets(&state.pool).await?;
    let (category, products, children) = db::run(&state.pool, move |conn| {
        let category = find(conn, id)?.ok_or(AppError::NotFound)?;
        let products: i64 = products::table
            .filter(products::category_id.eq(id))
            .count()
            .get_result(conn)?;
        let children: i64 = categories::table
            .filter(categories::parent_id.eq(id))
            .count()
            .get_result(conn)?;
        Ok((category, products, children))
    })
    .await?;
    let path = facets.path_of(id).unwrap_or(&category.name).to_owned();
    let targets = facets
        .categories
        .iter()
        .filter(|c| c.id != id)
        .cloned()
        .collect();
    render(
        StatusCode::OK,
        &DeleteCategoryPage {
            shell,
            category,
            path,
            products,
            children,
            targets,
        },
    )
}

/// `POST /admin/categories/{id}/delete`
pub async fn delete_category(
    req: HttpRequest,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<String>,
    form: web::Form<DeleteCategoryForm>,
) -> Result<HttpResponse, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let move_to: Option<i64> = match form.move_to.trim() {
        "" => None,
        other => Some(
            other
                .parse()
                .map_err(|_| AppError::Validation("Choose where the products go.".into()))?,
        ),
    };
    if move_to == Some(id) {
        return Err(AppError::Validation(
            "Products cannot move to the category being deleted.".into(),
        ));
    }
    let name = db::run(&state.pool, move |conn| {
        db::write(conn, |c| {
            let category = find(c, id)?.ok_or(AppError::NotFound)?;
            if let Some(target) = move_to {
                if find(c, target)?.is_none() {
                    return Err(AppError::Validation("The category chosen for the products no longer exists.".into()));
                }
            }
            let moved = diesel::update(products::table.filter(products::category_id.eq(id)))
                .set(products::category_id.eq(move_to))
                .execute(c)?;
            diesel::update(categories::table.filter(categories::parent_id.eq(id)))
                .set(categories::parent_id.eq(category.parent_id))
                .execute(c)?;
            diesel::delete(categories::table.find(id)).execute(c)?;
            audit::record(c, &actor, Entry {
                entity_type: "category",
                entity_id: Some(id.to_string()),
                action: "catalog.category_deleted",
                before: Some(json!({ "name": category.name, "slug": category.slug, "parent_id": category.parent_id })),
                after: Some(json!({ "products_moved": moved, "moved_to": move_to })),
            })?;
            Ok(category.name)
        })
    })
    .await?;
    catalog.invalidate();
    Ok(flash::redirect(
        &req,
        "/admin/categories",
        FlashMessage::success(format!("{name} was deleted.")),
    ))
}
