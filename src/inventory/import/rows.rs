//! One row of an inventory file checked against the shop: which level it names, what it
//! changes, and why it can't when it can't. Pure: the plan loads what the rows refer to first.

use std::collections::HashMap;

use super::format::Positions;
use super::models::{PlannedLine, RowError};
use crate::domain::ids::{LocationId, ReasonId, SupplierId, VariantId};
use crate::inventory::access::LocationScope;
use crate::inventory::domain::{MAX_QUANTITY, Quantity, parse_change};
use crate::inventory::stock::Reorder;

/// A variant as the rows name it.
#[derive(Debug, Clone)]
pub struct KnownVariant {
    pub id: VariantId,
    pub sku: String,
    pub tracked: bool,
    pub backorders: bool,
}

#[derive(Debug, Clone)]
pub struct KnownLocation {
    pub id: LocationId,
    pub code: String,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct KnownReason {
    pub id: ReasonId,
    pub code: String,
    pub label: String,
    pub needs_note: bool,
}

#[derive(Debug, Clone)]
pub struct KnownSupplier {
    pub id: SupplierId,
    pub name: String,
}

/// A variant's default supplier and the supplier's code for it.
pub type SupplierChoice = (SupplierId, String);

/// A level as it stands.
#[derive(Debug, Clone, Copy, Default)]
pub struct KnownLevel {
    pub on_hand: i64,
    pub committed: i64,
    pub reorder: Reorder,
}

/// Everything the file's rows may name, loaded before they are checked.
#[derive(Debug, Default)]
pub struct Known {
    /// By SKU key (ASCII capitals: SKUs match in any case).
    pub variants: HashMap<String, KnownVariant>,
    pub locations: Vec<KnownLocation>,
    /// The active reasons.
    pub reasons: Vec<KnownReason>,
    pub levels: HashMap<(VariantId, LocationId), KnownLevel>,
    pub suppliers: Vec<KnownSupplier>,
    /// The default suppliers of the variants the file names.
    pub defaults: HashMap<VariantId, SupplierChoice>,
}

/// Who is importing: where they work, whether they may set reorder points and suppliers, and
/// the reason the form gives to rows that name none.
#[derive(Debug, Clone)]
pub struct Importer {
    pub scope: LocationScope,
    /// Managers and owners: reorder points and default suppliers.
    pub may_reorder: bool,
    pub default_reason: Option<ReasonId>,
}

/// The longest note a row may carry (as on the adjust form).
const MAX_NOTE: usize = 500;
/// The longest supplier's code (as on the variant's history page).
const MAX_SUPPLIER_SKU: usize = 80;

/// Checks one row: the line it writes, none when it changes nothing, or its error.
pub fn check_row(
    row: u64,
    record: &csv::StringRecord,
    columns: &Positions,
    known: &Known,
    importer: &Importer,
) -> Result<Option<PlannedLine>, RowError> {
    let sku_cell = columns.cell(record, "sku");
    let fail = |message: String| RowError {
        row,
        sku: sku_cell.to_owned(),
        message,
    };
    if sku_cell.is_empty() {
        return Err(fail("The sku is empty.".into()));
    }
    let variant = known
        .variants
        .get(&sku_cell.to_ascii_uppercase())
        .ok_or_else(|| fail(format!("No variant has the SKU \"{sku_cell}\".")))?;
    let location = location(known, importer, columns.cell(record, "location")).map_err(fail)?;
    if !variant.tracked {
        return Err(fail(format!(
            "{} does not track stock. Turn on \"Track stock\" on its product page first.",
            variant.sku
        )));
    }
    let level = known
        .levels
        .get(&(variant.id, location.id))
        .copied()
        .unwrap_or_default();
    let change = change(columns, record, variant, level).map_err(fail)?;
    let (reason, reason_label, note) = if change == 0 {
        (None, String::new(), String::new())
    } else {
        let (reason, note) = reason(columns, record, known, importer).map_err(fail)?;
        (Some(reason.id), reason.label.clone(), note)
    };
    let reorder_after = reorder(columns, record, level.reorder, importer).map_err(fail)?;
    let supplier_before = known.defaults.get(&variant.id).cloned();
    let supplier_after =
        supplier(columns, record, known, supplier_before.as_ref(), importer).map_err(fail)?;
    if change == 0 && reorder_after.is_none() && supplier_after.is_none() {
        return Ok(None);
    }
    Ok(Some(PlannedLine {
        row,
        variant: variant.id,
        sku: variant.sku.clone(),
        location: location.id,
        location_code: location.code.clone(),
        seen_on_hand: level.on_hand,
        change,
        reason,
        reason_label,
        note,
        reorder_before: level.reorder,
        reorder_after,
        supplier_after,
    }))
}

fn location<'k>(
    known: &'k Known,
    importer: &Importer,
    code: &str,
) -> Result<&'k KnownLocation, String> {
    if code.is_empty() {
        return Err("The location is empty: give its code, like MAIN.".into());
    }
    let location = known
        .locations
        .iter()
        .find(|l| l.code.eq_ignore_ascii_case(code))
        .ok_or_else(|| {
            let codes: Vec<&str> = known
                .locations
                .iter()
                .filter(|l| l.active)
                .map(|l| l.code.as_str())
                .collect();
            format!(
                "No location has the code \"{code}\". The codes are: {}.",
                codes.join(", ")
            )
        })?;
    if !location.active {
        return Err(format!(
            "The location {} is deactivated: it holds no stock.",
            location.code
        ));
    }
    if !importer.scope.allows(location.id) {
        return Err(format!(
            "You work at other locations: you can't change stock at {}.",
            location.code
        ));
    }
    Ok(location)
}

/// The change to on hand: to the `on_hand` figure, or by `adjust_by`.
fn change(
    columns: &Positions,
    record: &csv::StringRecord,
    variant: &KnownVariant,
    level: KnownLevel,
) -> Result<i64, String> {
    let set_to = columns.cell(record, "on_hand");
    let adjust_by = columns.cell(record, "adjust_by");
    let change = match (set_to.is_empty(), adjust_by.is_empty()) {
        (true, true) => return Ok(0),
        (false, false) => {
            return Err("Fill in on_hand (set to) or adjust_by (a change), not both.".into());
        }
        (false, true) => {
            let target =
                Quantity::parse(set_to).map_err(|e| format!("on_hand: {}", e.message()))?;
            target.get() - level.on_hand
        }
        (true, false) => {
            parse_change(adjust_by).map_err(|e| format!("adjust_by: {}", e.message()))?
        }
    };
    let after = level.on_hand + change;
    if after < 0 {
        return Err(format!(
            "Only {} on hand: can't remove {}.",
            level.on_hand, -change
        ));
    }
    if change < 0 && !variant.backorders && after - level.committed < 0 {
        return Err(format!(
            "Only {} available to remove ({} on hand, {} committed to orders).",
            (level.on_hand - level.committed).max(0),
            level.on_hand,
            level.committed
        ));
    }
    if after > MAX_QUANTITY {
        return Err("A level holds at most 1,000,000 units.".into());
    }
    Ok(change)
}

/// The row's reason (by code or label, any case; the form's when the cell is empty) and note.
fn reason<'k>(
    columns: &Positions,
    record: &csv::StringRecord,
    known: &'k Known,
    importer: &Importer,
) -> Result<(&'k KnownReason, String), String> {
    let typed = columns.cell(record, "reason");
    // Named as people read them (the file may give a name or a code).
    let listed = || {
        known
            .reasons
            .iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reason = if typed.is_empty() {
        importer
            .default_reason
            .and_then(|id| known.reasons.iter().find(|r| r.id == id))
            .ok_or_else(|| format!("Give a reason: one of {}.", listed()))?
    } else {
        known
            .reasons
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(typed) || r.label.eq_ignore_ascii_case(typed))
            .ok_or_else(|| {
                format!(
                    "\"{typed}\" is not a reason. The reasons are: {}.",
                    listed()
                )
            })?
    };
    let note = columns.cell(record, "note");
    if reason.needs_note && note.is_empty() {
        return Err(format!(
            "\"{}\" needs a note saying what happened.",
            reason.label
        ));
    }
    if note.chars().count() > MAX_NOTE {
        return Err(format!("The note is longer than {MAX_NOTE} characters."));
    }
    Ok((reason, note.to_owned()))
}

/// The reorder settings after the row, when it changes them. A column the file has states
/// the value (empty: none); one it lacks keeps the level's.
fn reorder(
    columns: &Positions,
    record: &csv::StringRecord,
    before: Reorder,
    importer: &Importer,
) -> Result<Option<Reorder>, String> {
    let (has_point, has_quantity) = (
        columns.has("reorder_point"),
        columns.has("reorder_quantity"),
    );
    if !has_point && !has_quantity {
        return Ok(None);
    }
    let text = |present: bool, column: &str, current: Option<i64>| {
        if present {
            columns.cell(record, column).to_owned()
        } else {
            current.map(|n| n.to_string()).unwrap_or_default()
        }
    };
    let after = Reorder::parse(
        &text(has_point, "reorder_point", before.point),
        &text(has_quantity, "reorder_quantity", before.quantity),
    )?;
    if after == before {
        return Ok(None);
    }
    if !importer.may_reorder {
        return Err(
            "Only managers and owners change reorder points: leave those cells as they are.".into(),
        );
    }
    Ok(Some(after))
}

/// The variant's default supplier after the row, when it changes it. `supplier` names one
/// (any case; empty: none); `supplier_sku` is its code for the variant (a file without that
/// column keeps the code when the supplier stays). A file with only `supplier_sku` sets the
/// current supplier's code.
fn supplier(
    columns: &Positions,
    record: &csv::StringRecord,
    known: &Known,
    before: Option<&SupplierChoice>,
    importer: &Importer,
) -> Result<Option<Option<SupplierChoice>>, String> {
    let (has_name, has_code) = (columns.has("supplier"), columns.has("supplier_sku"));
    if !has_name && !has_code {
        return Ok(None);
    }
    let code = columns.cell(record, "supplier_sku");
    if code.chars().count() > MAX_SUPPLIER_SKU {
        return Err(format!(
            "The supplier_sku is longer than {MAX_SUPPLIER_SKU} characters."
        ));
    }
    let supplier = if has_name {
        match columns.cell(record, "supplier") {
            "" => None,
            name => Some(
                known
                    .suppliers
                    .iter()
                    .find(|s| s.name.eq_ignore_ascii_case(name))
                    .map(|s| s.id)
                    .ok_or_else(|| {
                        format!(
                            "No supplier is named \"{name}\". Add it under Inventory → Suppliers \
                             first, or check the spelling."
                        )
                    })?,
            ),
        }
    } else {
        before.map(|(id, _)| *id)
    };
    let after = match supplier {
        None if has_code && !code.is_empty() => {
            return Err("A supplier_sku needs a supplier: name one in the supplier column.".into());
        }
        None => None,
        Some(id) => {
            let code = match (has_code, before) {
                (true, _) => code.to_owned(),
                (false, Some((same, kept))) if *same == id => kept.clone(),
                (false, _) => String::new(),
            };
            Some((id, code))
        }
    };
    if after.as_ref() == before {
        return Ok(None);
    }
    if !importer.may_reorder {
        return Err(
            "Only managers and owners change a variant's supplier: leave those cells as they are."
                .into(),
        );
    }
    Ok(Some(after))
}
