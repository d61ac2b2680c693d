//! The variants typed or scanned codes name: a SKU (any case) or a barcode. Transfers,
//! purchase orders and stocktakes read pasted lines through it, a paste in one query.

use std::collections::HashMap;

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

/// The variants a batch of typed or scanned codes name, read in one query (a paste of 2,000
/// lines is one query, not 2,000).
pub struct Codebook {
    variants: Vec<CodedVariant>,
    /// A SKU in upper case → its variant's place in `variants`.
    by_sku: HashMap<String, usize>,
    by_barcode: HashMap<String, usize>,
}

impl Codebook {
    pub fn read<'a>(
        conn: &mut DbConnection,
        codes: impl IntoIterator<Item = &'a str>,
    ) -> QueryResult<Codebook> {
        let codes: Vec<&str> = codes.into_iter().collect();
        let keys: Vec<String> = codes.iter().map(|c| c.to_ascii_uppercase()).collect();
        let rows = variants::table
            .filter(
                variants::sku_key
                    .eq_any(keys)
                    .or(variants::barcode.eq_any(codes)),
            )
            .select((
                variants::sku_key,
                variants::barcode,
                (
                    variants::id,
                    variants::sku,
                    variants::track_inventory,
                    variants::cost,
                ),
            ))
            .load::<(
                String,
                Option<String>,
                (VariantId, String, bool, Option<i64>),
            )>(conn)?;
        let mut book = Codebook {
            variants: Vec::with_capacity(rows.len()),
            by_sku: HashMap::new(),
            by_barcode: HashMap::new(),
        };
        for (sku_key, barcode, (id, sku, tracked, cost)) in rows {
            let place = book.variants.len();
            book.by_sku.insert(sku_key, place);
            if let Some(barcode) = barcode {
                book.by_barcode.insert(barcode, place);
            }
            book.variants.push(CodedVariant {
                id,
                sku,
                tracked,
                cost,
            });
        }
        Ok(book)
    }

    /// The variant a code names: its SKU in any case, else its barcode.
    pub fn find(&self, code: &str) -> Option<&CodedVariant> {
        let place = self.by_sku.get(&code.to_ascii_uppercase());
        place
            .or_else(|| self.by_barcode.get(code))
            .and_then(|&place| self.variants.get(place))
    }
}

/// The tracked variants that typed lines' codes name, in order, each line's own figures
/// checked by `accept` (a purchase order line's cost). What is wrong goes into `errors` as the
/// problem of the `lines` field, all of it in one round: the lines that did not read (`typed`,
/// from the form), then every line that names no variant, one that does not track stock, one
/// listed twice (as its SKU and its barcode) or one `accept` refused ("3 lines have problems:
/// …"); `empty` when there are no lines at all.
pub fn resolve_lines<'a, T, R>(
    conn: &mut DbConnection,
    lines: impl IntoIterator<Item = (&'a str, T)>,
    (errors, typed, empty): (&mut FieldErrors, &[String], &str),
    accept: impl Fn(&CodedVariant, T) -> Result<R, String>,
) -> QueryResult<Vec<(VariantId, R)>> {
    let lines: Vec<(&str, T)> = lines.into_iter().collect();
    let book = Codebook::read(conn, lines.iter().map(|(code, _)| *code))?;
    let mut resolved: Vec<(VariantId, R)> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let any = !lines.is_empty() || !typed.is_empty();
    for (code, figures) in lines {
        match book.find(code) {
            None => problems.push(format!("{code}: no variant has this SKU or barcode")),
            Some(v) if !v.tracked => problems.push(format!("{}: does not track stock", v.sku)),
            Some(v) if resolved.iter().any(|(id, _)| *id == v.id) => {
                problems.push(format!("{}: listed twice (as a SKU and a barcode)", v.sku));
            }
            Some(v) => match accept(v, figures) {
                Ok(accepted) => resolved.push((v.id, accepted)),
                Err(problem) => problems.push(format!("{}: {problem}", v.sku)),
            },
        }
    }
    let mut all: Vec<String> = typed
        .iter()
        .map(|p| p.trim_end_matches('.').to_owned())
        .collect();
    all.extend(problems);
    if !any {
        errors.add("lines", empty);
    } else if all.len() == 1 {
        errors.add("lines", format!("{}.", all[0]));
    } else if !all.is_empty() {
        errors.add(
            "lines",
            format!("{} lines have problems: {}.", all.len(), all.join("; ")),
        );
    }
    Ok(resolved)
}
