//! A supplier's variants: those naming it as their default supplier (paged, each removable),
//! and adding more, ticked or all that match the catalog's filter (search, category, vendor).
//! A variant's default supplier is what the low-stock page drafts purchase orders from.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::commands::{self, Attached};
use super::forms::FindParams;
use super::queries;
use super::views::SupplierVariantsPage;
use crate::app::AppState;
use crate::auth::{Actor, Permission};
use crate::catalog::{CatalogState, ProductFilter, matching_product_ids};
use crate::db;
use crate::domain::ids::{ProductId, SupplierId, VariantId};
use crate::domain::words::count;
use crate::error::AppError;
use crate::web::confirm::{Posted, Question};
use crate::web::flash::{self, FlashMessage};
use crate::web::pagination::{Cursor, PageLinks, with_query};
use crate::web::render;
use crate::web::shell::Shell;

/// Variants of the supplier per page.
const PAGE: i64 = 50;
/// Candidates shown to tick.
const SHOWN: i64 = 50;
/// The most variants one "add all that match" takes, and the most products a filter picks.
const CAP: i64 = 20_000;

/// The products a search picks (none: no filter, every product).
async fn picked_products(
    params: &FindParams,
    state: &AppState,
    catalog: &CatalogState,
) -> Result<Option<Vec<ProductId>>, AppError> {
    if !params.narrowed() {
        return Ok(None);
    }
    let facets = catalog.facets(&state.pool).await?;
    let wanted = ProductFilter {
        q: params.q.trim().to_owned(),
        category_ids: params
            .category
            .trim()
            .parse()
            .ok()
            .map(|id| facets.with_descendants(id)),
        vendor: Some(params.vendor.trim().to_owned()).filter(|v| !v.is_empty()),
        ..ProductFilter::default()
    };
    let found = db::run(&state.pool, move |conn| {
        Ok(matching_product_ids(conn, &wanted, CAP)?)
    })
    .await?;
    Ok(Some(found))
}

/// `GET /admin/inventory/suppliers/{id}/variants`
pub async fn supplier_variants(
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    id: web::Path<SupplierId>,
    params: web::Query<FindParams>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let params = params.into_inner();
    let cursor = Cursor::from_params(&params.after, &params.before);
    let products = picked_products(&params, &state, &catalog).await?;
    let finding = params.narrowed() || !params.find.is_empty();
    let facets = catalog.facets(&state.pool).await?;
    let read = cursor.clone();
    let (supplier, total, (rows, more), found) = db::run(&state.pool, move |conn| {
        let supplier = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
        let total = queries::count_of(conn, id)?;
        let page = queries::variants_of(conn, id, read.as_ref(), PAGE)?;
        let found = match finding {
            true => Some(queries::candidates(conn, id, products.as_deref(), SHOWN)?),
            false => None,
        };
        Ok((supplier, total, page, found))
    })
    .await?;
    let base = format!("/admin/inventory/suppliers/{id}/variants");
    let query = params.query();
    let links = PageLinks::new(&base, &query, &rows, cursor.as_ref(), more, |row| {
        Cursor::encode(&row.sku_key, row.id.get())
    });
    let can_manage = shell.can(Permission::InventoryManage);
    let page = SupplierVariantsPage {
        shell,
        supplier,
        total,
        rows,
        links,
        found,
        params,
        facets,
        can_manage,
    };
    render(StatusCode::OK, &page)
}

/// The variant ids ticked (`ids`).
fn ticked(posted: &Posted) -> Vec<VariantId> {
    posted
        .pairs()
        .iter()
        .filter(|(name, _)| name == "ids")
        .filter_map(|(_, value)| value.trim().parse().ok())
        .collect()
}

/// `POST /admin/inventory/suppliers/{id}/variants`: the ticked variants, or all that match
/// the filter (asked first, with how many and how many name another supplier), get this
/// supplier as their default; those naming another keep it unless "replace" is ticked.
pub async fn add_variants(
    req: HttpRequest,
    shell: Shell,
    state: web::Data<AppState>,
    catalog: web::Data<CatalogState>,
    actor: Actor,
    id: web::Path<SupplierId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let params: FindParams = posted.form()?;
    let back = with_query(
        &format!("/admin/inventory/suppliers/{id}/variants"),
        &params.query(),
        "",
    );
    let field = |name: &str| posted.pairs().iter().any(|(k, v)| k == name && v == "yes");
    let (all, replace) = (field("all"), field("replace"));
    let picked = if all {
        let products = picked_products(&params, &state, &catalog).await?;
        db::run(&state.pool, move |conn| {
            Ok(queries::candidate_ids(conn, id, products.as_deref(), CAP)?)
        })
        .await?
    } else {
        ticked(&posted)
    };
    if picked.is_empty() {
        let said = if all {
            "No variant matches to add."
        } else {
            "Tick the variants to add first, or add all that match."
        };
        return Ok(flash::redirect(&req, &back, FlashMessage::error(said)));
    }
    if all && !posted.confirmed() {
        let asked = picked.clone();
        let (name, others) = db::run(&state.pool, move |conn| {
            let supplier = queries::find(conn, id)?.ok_or(AppError::NotFound)?;
            Ok((supplier.name, queries::naming_another(conn, id, &asked)?))
        })
        .await?;
        let about_others = match (others, replace) {
            (0, _) => String::new(),
            (n, true) => format!(
                " {} now naming another supplier switch to it.",
                count(n, "variant", "variants")
            ),
            (n, false) => format!(
                " {} naming another supplier keep theirs.",
                count(n, "variant", "variants")
            ),
        };
        return posted.ask(
            shell,
            Question {
                heading: format!(
                    "Add {} to {name}?",
                    count(picked.len() as i64, "variant", "variants")
                ),
                message: format!(
                    "{} that match get {name} as their default supplier, so low stock drafts \
                     their purchase orders for {name}.{about_others}",
                    count(picked.len() as i64, "variant", "variants")
                ),
                button: "Add them".into(),
                cancel: back,
            },
        );
    }
    let (name, done) = db::run(&state.pool, move |conn| {
        let done = commands::attach_variants(conn, &actor, id, &picked, replace)?;
        let name = queries::find(conn, id)?.map(|s| s.name).unwrap_or_default();
        Ok((name, done))
    })
    .await?;
    Ok(flash::redirect(
        &req,
        &back,
        FlashMessage::success(attached_sentence(&name, done)),
    ))
}

/// "12 variants now name Harbour Mills as their default supplier; 3 naming another kept it."
fn attached_sentence(name: &str, done: Attached) -> String {
    let now = done.added + done.replaced;
    let mut said = format!(
        "{} now {} {name} as {} default supplier",
        count(now, "variant", "variants"),
        if now == 1 { "names" } else { "name" },
        if now == 1 { "its" } else { "their" },
    );
    if done.replaced > 0 {
        said.push_str(&format!(" ({} switched from another)", done.replaced));
    }
    if done.kept > 0 {
        said.push_str(&format!(
            "; {} naming another supplier kept it (tick \"Replace\" to switch them)",
            count(done.kept, "variant", "variants")
        ));
    }
    said.push('.');
    said
}

/// `POST /admin/inventory/suppliers/{id}/variants/remove`: the ticked variants no longer name
/// this supplier.
pub async fn remove_variants(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    id: web::Path<SupplierId>,
    posted: Posted,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let back = format!("/admin/inventory/suppliers/{id}/variants");
    let picked = ticked(&posted);
    if picked.is_empty() {
        let said = FlashMessage::error("Tick the variants to remove first.");
        return Ok(flash::redirect(&req, &back, said));
    }
    let removed = db::run(&state.pool, move |conn| {
        commands::detach_variants(conn, &actor, id, &picked)
    })
    .await?;
    let said = format!(
        "{} no longer {} this supplier.",
        count(removed, "variant", "variants"),
        if removed == 1 { "names" } else { "name" }
    );
    Ok(flash::redirect(&req, &back, FlashMessage::success(said)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sentence_says_what_changed_and_what_was_kept() {
        let done = Attached {
            added: 1,
            replaced: 0,
            kept: 0,
        };
        assert_eq!(
            attached_sentence("Mills", done),
            "1 variant now names Mills as its default supplier."
        );
        let done = Attached {
            added: 10,
            replaced: 2,
            kept: 0,
        };
        assert_eq!(
            attached_sentence("Mills", done),
            "12 variants now name Mills as their default supplier (2 switched from another)."
        );
        let done = Attached {
            added: 4,
            replaced: 0,
            kept: 3,
        };
        assert!(attached_sentence("Mills", done).ends_with(
            "; 3 variants naming another supplier kept it (tick \"Replace\" to switch them)."
        ));
    }
}
