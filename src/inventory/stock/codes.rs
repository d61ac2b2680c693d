//! The variant a typed or scanned code names: its SKU (any case) or its barcode. Transfers,
//! purchase orders and stocktakes read pasted lines through it.

use diesel::prelude::*;

use crate::db::DbConnection;
use crate::db::schema::variants;
use crate::domain::ids::VariantId;
use crate::domain::problems::FieldErrors;

#[derive(Debug, Clone)]
pub struct CodedVariant {
    pub id: VariantId,
    pub sku: String,
    pub tracked: bool,
    /// Cost per item in minor units, if it has one.
    pub cost: Option<i64>,
}

pub fn variant_by_code(conn: &mut DbConnection, code: &str) -> QueryResult<Option<CodedVariant>> {
    Ok(variants::table
        .filter(
            variants::sku_key
                .eq(code.to_ascii_uppercase())
                .or(variants::barcode.eq(code)),
        )
        .select((
            variants::id,
            variants::sku,
            variants::track_inventory,
            variants::cost,
        ))
        .first::<(VariantId, String, bool, Option<i64>)>(conn)
        .optional()?
        .map(|(id, sku, tracked, cost)| CodedVariant {
            id,
            sku,
            tracked,
            cost,
        }))
}

/// The tracked variants that typed lines' codes name, in order, each line's own figures
/// checked by `accept` (a purchase order line's cost). What is wrong goes into `errors` as the
/// problem of the `lines` field: a sentence naming every line that names no variant, one that
/// does not track stock, one listed twice (as its SKU and its barcode) or one `accept`
/// refused; `empty` when there are no lines at all.
pub fn resolve_lines<'a, T, R>(
    conn: &mut DbConnection,
    lines: impl IntoIterator<Item = (&'a str, T)>,
    (errors, empty): (&mut FieldErrors, &str),
    accept: impl Fn(&CodedVariant, T) -> Result<R, String>,
) -> QueryResult<Vec<(VariantId, R)>> {
    let mut resolved: Vec<(VariantId, R)> = Vec::new();
    let mut problems = Vec::new();
    let mut any = false;
    for (code, figures) in lines {
        any = true;
        match variant_by_code(conn, code)? {
            None => problems.push(format!("{code}: no variant has this SKU or barcode")),
            Some(v) if !v.tracked => problems.push(format!("{}: does not track stock", v.sku)),
            Some(v) if resolved.iter().any(|(id, _)| *id == v.id) => {
                problems.push(format!("{}: listed twice (as a SKU and a barcode)", v.sku));
            }
            Some(v) => match accept(&v, figures) {
                Ok(accepted) => resolved.push((v.id, accepted)),
                Err(problem) => problems.push(format!("{}: {problem}", v.sku)),
            },
        }
    }
    if !any {
        errors.add("lines", empty);
    } else if !problems.is_empty() {
        errors.add("lines", format!("{}.", problems.join("; ")));
    }
    Ok(resolved)
}
