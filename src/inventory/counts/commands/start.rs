//! Starting a count: a line for every tracked variant in the scope, at one location.

use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{products, stock_count_lines, stock_counts, variants};
use crate::db::{self, DbConnection, id_in};
use crate::domain::ids::{CountId, LocationId, VariantId};
use crate::domain::problems::FieldErrors;
use crate::error::AppError;
use crate::inventory::access::admit_at;
use crate::inventory::counts::models::{CountStatus, Scope};
use crate::inventory::locations::require_active;
use crate::inventory::stock::Codebook;

pub enum StartOutcome {
    Started(CountId),
    Invalid(FieldErrors),
}

/// The tracked variants a scope covers, in id order.
fn variants_in(
    conn: &mut DbConnection,
    scope: &Scope,
) -> Result<Result<Vec<VariantId>, String>, AppError> {
    let tracked = variants::table
        .inner_join(products::table)
        .filter(variants::track_inventory.eq(true))
        .order(variants::id.asc())
        .select(variants::id)
        .into_boxed::<crate::db::DbBackend>();
    Ok(Ok(match scope {
        Scope::All => tracked.load(conn)?,
        Scope::Category(ids, _) => tracked
            .filter(id_in(products::category_id, ids))
            .load(conn)?,
        Scope::Vendor(vendor) => tracked
            .filter(products::vendor.eq(vendor.clone()))
            .load(conn)?,
        Scope::Codes(codes) => {
            let book = Codebook::read(conn, codes.iter().map(String::as_str))?;
            let mut found = Vec::new();
            let mut unknown = Vec::new();
            for code in codes {
                let variant = book.find(code).map(|v| (v.id, v.tracked));
                match variant {
                    Some((id, true)) if !found.contains(&id) => found.push(id),
                    Some((_, true)) => {}
                    Some((_, false)) => unknown.push(format!("{code} (does not track stock)")),
                    None => unknown.push(code.clone()),
                }
            }
            if !unknown.is_empty() {
                return Ok(Err(format!("Not found: {}.", unknown.join(", "))));
            }
            found
        }
    }))
}

pub fn start_count(
    conn: &mut DbConnection,
    actor: &Actor,
    location: LocationId,
    scope: &Scope,
    note: &str,
) -> Result<StartOutcome, AppError> {
    db::write(conn, |c| {
        admit_at(c, actor, &[location])?;
        let mut errors = FieldErrors::new();
        require_active(c, &mut errors, ("location", location))?;
        if !errors.is_empty() {
            return Ok(StartOutcome::Invalid(errors));
        }
        let variants = match variants_in(c, scope)? {
            Ok(variants) => variants,
            Err(message) => {
                errors.add("codes", message);
                return Ok(StartOutcome::Invalid(errors));
            }
        };
        if variants.is_empty() {
            errors.add(
                "scope",
                "Nothing to count there: no tracked variants in that scope.",
            );
            return Ok(StartOutcome::Invalid(errors));
        }
        let now = db::now();
        let id: CountId = diesel::insert_into(stock_counts::table)
            .values((
                stock_counts::location_id.eq(location),
                stock_counts::status.eq(CountStatus::Open),
                stock_counts::scope.eq(scope.describe()),
                stock_counts::note.eq(note),
                stock_counts::updated_by.eq(&actor.label),
                stock_counts::created_at.eq(now),
                stock_counts::updated_at.eq(now),
            ))
            .returning(stock_counts::id)
            .get_result(c)?;
        for variant in &variants {
            diesel::insert_into(stock_count_lines::table)
                .values((
                    stock_count_lines::count_id.eq(id),
                    stock_count_lines::variant_id.eq(*variant),
                ))
                .execute(c)?;
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "count",
                entity_id: Some(id.to_string()),
                action: "inventory.count_started",
                before: None,
                after: Some(
                    json!({ "location": location, "scope": scope.describe(), "lines": variants.len() }),
                ),
            },
        )?;
        Ok(StartOutcome::Started(id))
    })
}
