//! Inventory import reads: an import's state, its lines to apply and its lines to show.

use diesel::prelude::*;

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::db::schema::{
    locations, stock_import_lines, stock_imports, stock_reasons, suppliers, variants,
};
use crate::domain::ids::{
    JobId, LocationId, ReasonId, StaffId, StockImportId, SupplierId, VariantId,
};
use crate::error::AppError;
use crate::inventory::stock::Reorder;

/// An import's state.
pub struct ImportState {
    pub file_name: String,
    pub row_count: i64,
    pub line_count: i64,
    pub job_id: Option<JobId>,
}

/// An import; only the person who uploaded it may see or apply it (its lines were checked
/// against their locations and role).
pub fn load_import(
    conn: &mut DbConnection,
    id: StockImportId,
    actor: &Actor,
) -> Result<ImportState, AppError> {
    type Row = (Option<StaffId>, String, i64, i64, Option<JobId>);
    let (staff_id, file_name, row_count, line_count, job_id): Row = stock_imports::table
        .find(id)
        .select((
            stock_imports::staff_id,
            stock_imports::file_name,
            stock_imports::row_count,
            stock_imports::line_count,
            stock_imports::job_id,
        ))
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound)?;
    if staff_id != actor.staff_id {
        return Err(AppError::NotFound);
    }
    Ok(ImportState {
        file_name,
        row_count,
        line_count,
        job_id,
    })
}

/// A stored line, as applying needs it.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: i64,
    pub variant: VariantId,
    pub location: LocationId,
    pub change: i64,
    pub reason: Option<ReasonId>,
    pub note: String,
    pub reorder: Option<Reorder>,
    /// The default supplier the line sets (`Some(None)`: clears it).
    pub supplier: Option<Option<(SupplierId, String)>>,
}

type StoredRow = (
    i64,
    VariantId,
    LocationId,
    i64,
    Option<ReasonId>,
    String,
    (bool, Option<i64>, Option<i64>),
    (bool, Option<SupplierId>, String),
);

/// The lines not applied yet, in the file's order.
pub fn unapplied(conn: &mut DbConnection, id: StockImportId) -> QueryResult<Vec<Stored>> {
    let rows: Vec<StoredRow> = stock_import_lines::table
        .filter(stock_import_lines::import_id.eq(id))
        .filter(stock_import_lines::outcome.eq(""))
        .order(stock_import_lines::row_number.asc())
        .select((
            stock_import_lines::id,
            stock_import_lines::variant_id,
            stock_import_lines::location_id,
            stock_import_lines::change,
            stock_import_lines::reason_id,
            stock_import_lines::note,
            (
                stock_import_lines::sets_reorder,
                stock_import_lines::reorder_point,
                stock_import_lines::reorder_quantity,
            ),
            (
                stock_import_lines::sets_supplier,
                stock_import_lines::supplier_id,
                stock_import_lines::supplier_sku,
            ),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, variant, location, change, reason, note, (sets, point, quantity), supplier)| {
                Stored {
                    id,
                    variant,
                    location,
                    change,
                    reason,
                    note,
                    reorder: stored_reorder(sets, point, quantity),
                    supplier: stored_supplier(supplier),
                }
            },
        )
        .collect())
}

/// A line as the import's page shows it.
#[derive(Debug, Clone)]
pub struct ShownLine {
    pub row: i64,
    pub variant: VariantId,
    pub sku: String,
    pub location: String,
    pub seen_on_hand: i64,
    pub change: i64,
    pub reason: String,
    pub reorder: Option<Reorder>,
    /// The default supplier the line sets: "Harbour Mills (HM-114)", "none" (cleared); `None`
    /// when it leaves it.
    pub supplier: Option<String>,
    pub outcome: String,
}

impl ShownLine {
    pub fn after(&self) -> i64 {
        self.seen_on_hand + self.change
    }
}

/// The most lines the page lists.
pub const SHOWN: i64 = 500;

type ShownRow = (
    i64,
    VariantId,
    String,
    String,
    (i64, i64),
    Option<String>,
    (bool, Option<i64>, Option<i64>),
    (bool, Option<String>, String),
    String,
);

/// Up to [`SHOWN`] lines in the file's order: skipped ones first once applied.
pub fn shown_lines(
    conn: &mut DbConnection,
    id: StockImportId,
    skipped_only: bool,
) -> QueryResult<Vec<ShownLine>> {
    let mut query = stock_import_lines::table
        .inner_join(variants::table)
        .inner_join(locations::table)
        .left_join(
            stock_reasons::table.on(stock_reasons::id
                .nullable()
                .eq(stock_import_lines::reason_id)),
        )
        .left_join(
            suppliers::table.on(suppliers::id.nullable().eq(stock_import_lines::supplier_id)),
        )
        .filter(stock_import_lines::import_id.eq(id))
        .into_boxed::<crate::db::DbBackend>();
    if skipped_only {
        query = query.filter(stock_import_lines::outcome.like("skipped%"));
    }
    let rows: Vec<ShownRow> = query
        .order(stock_import_lines::row_number.asc())
        .limit(SHOWN)
        .select((
            stock_import_lines::row_number,
            stock_import_lines::variant_id,
            variants::sku,
            locations::code,
            (stock_import_lines::seen_on_hand, stock_import_lines::change),
            stock_reasons::label.nullable(),
            (
                stock_import_lines::sets_reorder,
                stock_import_lines::reorder_point,
                stock_import_lines::reorder_quantity,
            ),
            (
                stock_import_lines::sets_supplier,
                suppliers::name.nullable(),
                stock_import_lines::supplier_sku,
            ),
            stock_import_lines::outcome,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                row,
                variant,
                sku,
                location,
                (seen_on_hand, change),
                reason,
                (sets, point, quantity),
                (sets_supplier, supplier, code),
                outcome,
            )| {
                ShownLine {
                    row,
                    variant,
                    sku,
                    location,
                    seen_on_hand,
                    change,
                    reason: reason.unwrap_or_default(),
                    reorder: stored_reorder(sets, point, quantity),
                    supplier: sets_supplier.then(|| match (supplier, code.is_empty()) {
                        (None, _) => "none".to_owned(),
                        (Some(name), true) => name,
                        (Some(name), false) => format!("{name} ({code})"),
                    }),
                    outcome,
                }
            },
        )
        .collect())
}

/// How many lines were skipped.
pub fn skipped_count(conn: &mut DbConnection, id: StockImportId) -> QueryResult<i64> {
    stock_import_lines::table
        .filter(stock_import_lines::import_id.eq(id))
        .filter(stock_import_lines::outcome.like("skipped%"))
        .count()
        .get_result(conn)
}

/// The default supplier a stored line sets, if it sets one (`Some(None)`: clears it).
fn stored_supplier(
    (sets, supplier, code): (bool, Option<SupplierId>, String),
) -> Option<Option<(SupplierId, String)>> {
    sets.then(|| supplier.map(|id| (id, code)))
}

/// The reorder settings a stored line sets, if it sets them.
fn stored_reorder(sets: bool, point: Option<i64>, quantity: Option<i64>) -> Option<Reorder> {
    sets.then_some(Reorder { point, quantity })
}
