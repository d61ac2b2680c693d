//! Inventory at a glance, for the dashboard: low stock per location, purchase orders due or
//! late, transfers on their way, open stocktakes and the latest stock imports — kept to the
//! person's locations. A handful of counting queries, each over one table and an index.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::transfers;
use crate::db::schema::{locations, purchase_orders, stock_counts, stock_imports, stock_levels};
use crate::domain::ids::{LocationId, StaffId, StockImportId};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::stock::is_low;

/// A recent stock import: its file, when, how many lines, and whether it was applied.
pub struct RecentStockImport {
    pub id: StockImportId,
    pub file_name: String,
    pub lines: i64,
    pub created_at: NaiveDateTime,
    pub applied: bool,
}

/// What the dashboard shows of inventory.
pub struct InventoryOverview {
    /// Each of the person's active locations with how many of its levels are low.
    pub low: Vec<(LocationId, String, i64)>,
    /// Placed purchase orders expected today or earlier (not all received), and those of them
    /// expected before today.
    pub due: i64,
    pub late: i64,
    pub in_transit: i64,
    pub open_counts: i64,
    pub imports: Vec<RecentStockImport>,
}

/// The overview for `staff` (their locations only), on `today` in the shop's time zone.
pub fn inventory_overview(
    conn: &mut DbConnection,
    staff: Option<StaffId>,
    today: NaiveDate,
) -> Result<InventoryOverview, AppError> {
    let scope = scope_for(conn, staff)?;
    let places: Vec<(LocationId, String)> = locations::table
        .filter(locations::active.eq(true))
        .order((locations::priority.asc(), locations::name.asc()))
        .select((locations::id, locations::name))
        .load(conn)?;
    let places: Vec<(LocationId, String)> = places
        .into_iter()
        .filter(|(id, _)| scope.allows(*id))
        .collect();
    let ids: Vec<LocationId> = places.iter().map(|(id, _)| *id).collect();
    // One count per location, each read from the partial index `stock_levels_low` (location,
    // SKU key): `sku_key >= ''` (always true) is what makes SQLite choose it.
    let mut low = Vec::with_capacity(places.len());
    for (id, name) in places {
        let n: i64 = stock_levels::table
            .filter(stock_levels::location_id.eq(id))
            .filter(is_low())
            .filter(stock_levels::sku_key.ge(""))
            .count()
            .get_result(conn)?;
        low.push((id, name, n));
    }
    let day = today.format("%Y-%m-%d").to_string();
    let placed = ["ordered", "partially_received"];
    let due = purchase_orders::table
        .filter(purchase_orders::status.eq_any(placed))
        .filter(purchase_orders::location_id.eq_any(&ids))
        .filter(purchase_orders::expected_on.le(&day))
        .count()
        .get_result(conn)?;
    let late = purchase_orders::table
        .filter(purchase_orders::status.eq_any(placed))
        .filter(purchase_orders::location_id.eq_any(&ids))
        .filter(purchase_orders::expected_on.lt(&day))
        .count()
        .get_result(conn)?;
    let in_transit = transfers::table
        .filter(transfers::status.eq("sent"))
        .filter(
            transfers::from_location_id
                .eq_any(&ids)
                .or(transfers::to_location_id.eq_any(&ids)),
        )
        .count()
        .get_result(conn)?;
    let open_counts = stock_counts::table
        .filter(stock_counts::status.eq("open"))
        .filter(stock_counts::location_id.eq_any(&ids))
        .count()
        .get_result(conn)?;
    let mut imports = stock_imports::table
        .order(stock_imports::id.desc())
        .limit(5)
        .into_boxed();
    // A person limited to some locations sees their own imports only.
    if scope.limit().is_some() {
        imports = imports.filter(stock_imports::staff_id.eq(staff));
    }
    let imports = imports
        .select((
            stock_imports::id,
            stock_imports::file_name,
            stock_imports::line_count,
            stock_imports::created_at,
            stock_imports::applied_at,
        ))
        .load::<(
            StockImportId,
            String,
            i64,
            NaiveDateTime,
            Option<NaiveDateTime>,
        )>(conn)?
        .into_iter()
        .map(
            |(id, file_name, lines, created_at, applied_at)| RecentStockImport {
                id,
                file_name,
                lines,
                created_at,
                applied: applied_at.is_some(),
            },
        )
        .collect();
    Ok(InventoryOverview {
        low,
        due,
        late,
        in_transit,
        open_counts,
        imports,
    })
}
