//! Stock valuation: `GET /admin/inventory/valuation` and its CSV.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::queries;
use super::views::{ValuationPage, ValueLine};
use crate::app::AppState;
use crate::db;
use crate::domain::ids::StaffId;
use crate::domain::money::Money;
use crate::domain::spreadsheet::{Cell, SheetWriter};
use crate::error::AppError;
use crate::inventory::access::scope_for;
use crate::inventory::locations::all_locations;
use crate::web::render;
use crate::web::shell::Shell;

/// Every location that holds stock, the total, and the total's name ("Your locations" for
/// a person limited to some).
async fn lines(
    state: &AppState,
    me: Option<StaffId>,
) -> Result<(Vec<ValueLine>, ValueLine, &'static str), AppError> {
    let (values, locations, limited) = db::run(&state.pool, move |conn| {
        let scope = scope_for(conn, me)?;
        let mut locations = all_locations(conn)?;
        locations.retain(|l| scope.allows(l.id));
        Ok((queries::values(conn)?, locations, scope.limit().is_some()))
    })
    .await?;
    let mut total = ValueLine {
        location: None,
        units: 0,
        value: 0,
        uncosted: 0,
    };
    let mut lines = Vec::new();
    for location in locations {
        let found = values.iter().find(|v| v.location_id == location.id.get());
        let (units, value, uncosted) = found.map_or((0, 0, 0), |v| (v.units, v.value, v.uncosted));
        if units == 0 && !location.active {
            continue;
        }
        total.units += units;
        total.value += value;
        total.uncosted += uncosted;
        lines.push(ValueLine {
            location: Some(location),
            units,
            value,
            uncosted,
        });
    }
    let named = if limited {
        "Your locations"
    } else {
        "All locations"
    };
    Ok((lines, total, named))
}

/// `GET /admin/inventory/valuation`
pub async fn valuation(shell: Shell, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let (lines, total, named) = lines(&state, shell.staff.as_ref().map(|s| s.id)).await?;
    render(
        StatusCode::OK,
        &ValuationPage {
            shell,
            lines,
            total,
            named,
        },
    )
}

/// `GET /admin/inventory/valuation.csv`
pub async fn valuation_csv(
    shell: Shell,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let (lines, total, named) = lines(&state, shell.staff.as_ref().map(|s| s.id)).await?;
    let currency = &shell.shop.currency;
    let failed = |e: csv::Error| AppError::Unexpected(format!("valuation export: {e}"));
    let mut out = SheetWriter::new();
    out.text_row([
        "location",
        "name",
        "units_on_hand",
        "value_at_cost",
        "units_without_cost",
    ])
    .map_err(failed)?;
    for line in lines.iter().chain(std::iter::once(&total)) {
        let (code, name) = match &line.location {
            Some(l) => (l.code.as_str(), l.name.as_str()),
            None => ("", named),
        };
        let numbers = [
            line.units.to_string(),
            Money::from_minor(line.value, currency).plain(currency),
            line.uncosted.to_string(),
        ];
        out.row(&[
            Cell::Text(code),
            Cell::Text(name),
            Cell::Number(&numbers[0]),
            Cell::Number(&numbers[1]),
            Cell::Number(&numbers[2]),
        ])
        .map_err(failed)?;
    }
    let body = out
        .into_bytes()
        .map_err(|e| AppError::Unexpected(format!("valuation export: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!(
                "attachment; filename=\"{}\"",
                shell.shop.file_name(&["stock-valuation"], "csv")
            ),
        ))
        .body(body))
}
