//! The catalog at a glance, for the dashboard: products by status, what drafts still lack,
//! variants missing codes, today's edits, and the latest imports and bulk edits. A handful of
//! counting queries, each served by an index or a single scan of one table.

use std::sync::{Arc, Mutex};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::domain::ProductStatus;
use crate::db::DbConnection;
use crate::db::schema::{catalog_imports, change_sets, products, staff, variants};
use crate::domain::ids::{ChangeSetId, ImportId};

/// A recent import: its file, when, and what came of it.
pub struct RecentImport {
    pub id: ImportId,
    pub file_name: String,
    pub created_at: NaiveDateTime,
    pub applied_at: Option<NaiveDateTime>,
    pub created: i64,
    pub updated: i64,
}

/// A recent bulk edit: what, by whom, how many products, where it stands.
pub struct RecentBulkEdit {
    pub id: ChangeSetId,
    pub summary: String,
    pub actor: String,
    pub item_count: i64,
    pub status: String,
    pub created_at: NaiveDateTime,
}

/// The catalog's counts: full-table counts, so they are kept per catalog generation (see
/// [`catalog_overview`]) and computed again only after the catalog changed.
#[derive(Debug, Clone)]
pub struct CatalogCounts {
    /// Every status, in order, with its count (zero included).
    pub by_status: Vec<(ProductStatus, i64)>,
    pub drafts_without_image: i64,
    pub drafts_without_price: i64,
    pub variants_without_sku: i64,
    pub variants_without_barcode: i64,
    pub edited_since: i64,
}

pub struct CatalogOverview {
    pub counts: Arc<CatalogCounts>,
    pub imports: Vec<RecentImport>,
    pub bulk_edits: Vec<RecentBulkEdit>,
}

/// The counts kept from the last dashboard: (catalog generation, start of the day, counts).
pub type CountsCache = Mutex<Option<(i64, NaiveDateTime, Arc<CatalogCounts>)>>;

/// The overview; `since` is the start of today in the shop's time zone, in UTC. The counts come
/// from `cache` while the catalog's generation (moved by triggers on any catalog change, from
/// any instance) and the day are the same; the two short lists are read each time (by primary
/// key, newest first).
pub fn catalog_overview(
    conn: &mut DbConnection,
    since: NaiveDateTime,
    cache: &CountsCache,
) -> QueryResult<CatalogOverview> {
    let generation = super::search_cache::generation(conn)?;
    let kept = cache.lock().ok().and_then(|kept| {
        kept.as_ref()
            .filter(|(g, s, _)| *g == generation && *s == since)
            .map(|(_, _, counts)| counts.clone())
    });
    let counts = match kept {
        Some(counts) => counts,
        None => {
            let counts = Arc::new(count(conn, since)?);
            if let Ok(mut kept) = cache.lock() {
                *kept = Some((generation, since, counts.clone()));
            }
            counts
        }
    };
    Ok(CatalogOverview {
        counts,
        imports: recent_imports(conn)?,
        bulk_edits: recent_bulk_edits(conn)?,
    })
}

fn count(conn: &mut DbConnection, since: NaiveDateTime) -> QueryResult<CatalogCounts> {
    let counted: Vec<(ProductStatus, i64)> = products::table
        .group_by(products::status)
        .select((products::status, diesel::dsl::count_star()))
        .load(conn)?;
    let by_status = ProductStatus::ALL
        .iter()
        .map(|s| {
            (
                *s,
                counted.iter().find(|(c, _)| c == s).map_or(0, |(_, n)| *n),
            )
        })
        .collect();
    let drafts = products::table.filter(products::status.eq(ProductStatus::Draft));
    let drafts_without_image = drafts
        .filter(products::cover_image_id.is_null())
        .count()
        .get_result(conn)?;
    let drafts_without_price = drafts
        .filter(products::min_price.le(0_i64))
        .count()
        .get_result(conn)?;
    let variants_without_sku = variants::table
        .filter(variants::sku.eq(""))
        .count()
        .get_result(conn)?;
    let variants_without_barcode = variants::table
        .filter(variants::barcode.is_null().or(variants::barcode.eq("")))
        .count()
        .get_result(conn)?;
    let edited_since = products::table
        .filter(products::updated_at.ge(since))
        .count()
        .get_result(conn)?;
    Ok(CatalogCounts {
        by_status,
        drafts_without_image,
        drafts_without_price,
        variants_without_sku,
        variants_without_barcode,
        edited_since,
    })
}

fn recent_imports(conn: &mut DbConnection) -> QueryResult<Vec<RecentImport>> {
    Ok(catalog_imports::table
        .order(catalog_imports::id.desc())
        .limit(5)
        .select((
            catalog_imports::id,
            catalog_imports::file_name,
            catalog_imports::created_at,
            catalog_imports::applied_at,
            catalog_imports::created_count,
            catalog_imports::updated_count,
        ))
        .load::<(
            ImportId,
            String,
            NaiveDateTime,
            Option<NaiveDateTime>,
            i64,
            i64,
        )>(conn)?
        .into_iter()
        .map(
            |(id, file_name, created_at, applied_at, created, updated)| RecentImport {
                id,
                file_name,
                created_at,
                applied_at,
                created,
                updated,
            },
        )
        .collect())
}

fn recent_bulk_edits(conn: &mut DbConnection) -> QueryResult<Vec<RecentBulkEdit>> {
    // People by name: the account's name while it exists, else the label the set recorded.
    Ok(change_sets::table
        .left_join(staff::table.on(staff::id.nullable().eq(change_sets::staff_id)))
        .order(change_sets::id.desc())
        .limit(5)
        .select((
            change_sets::id,
            change_sets::summary,
            diesel::dsl::sql::<diesel::sql_types::Text>("COALESCE(staff.name, change_sets.actor)"),
            change_sets::item_count,
            change_sets::status,
            change_sets::created_at,
        ))
        .load::<(ChangeSetId, String, String, i64, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(
            |(id, summary, actor, item_count, status, created_at)| RecentBulkEdit {
                id,
                summary,
                actor,
                item_count,
                status,
                created_at,
            },
        )
        .collect())
}
