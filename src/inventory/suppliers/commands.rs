//! Supplier writes: the only writer of suppliers and of variants' default suppliers, each with
//! its audit row in the same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde_json::{Value, json};

use super::models::{Supplier, SupplierChanges};
use super::queries;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::db::schema::{suppliers, variant_suppliers, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{SupplierId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::records::{self, RecordWrite};
use crate::shop::Shop;

crate::record_table!(Suppliers: Supplier, SupplierId, "inventory" "supplier", queries::find,
    |s| json!({
        "name": s.name, "contact": s.contact, "email": s.email, "phone": s.phone,
        "lead_time_days": s.lead_time_days, "notes": s.notes,
    })
);

/// Creates (`id` none) or updates a supplier; its name is unique, ignoring case.
pub fn save_supplier(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<SupplierId>,
    valid: &SupplierChanges,
    shop: &Shop,
) -> Result<SaveResult<SupplierId>, AppError> {
    records::save_record::<Suppliers, _>(conn, actor, (id, valid.version), shop, |c, _| {
        let holder: Option<SupplierId> = suppliers::table
            .filter(suppliers::name_key.eq(valid.name.to_lowercase()))
            .select(suppliers::id)
            .first(c)
            .optional()?;
        let mut errors = FieldErrors::new();
        if holder.is_some_and(|other| Some(other) != id) {
            errors.add("name", "Another supplier has this name.");
        }
        Ok(errors.or_ok(valid))
    })
}

impl RecordWrite<Suppliers> for &SupplierChanges {
    fn audited(&self) -> Value {
        json!(self)
    }

    fn write(
        &self,
        conn: &mut DbConnection,
        existing: Option<(SupplierId, i64)>,
        by: &str,
        at: NaiveDateTime,
    ) -> QueryResult<Option<SupplierId>> {
        let values = (
            suppliers::name.eq(&self.name),
            suppliers::name_key.eq(self.name.to_lowercase()),
            suppliers::contact.eq(&self.contact),
            suppliers::email.eq(&self.email),
            suppliers::phone.eq(&self.phone),
            suppliers::lead_time_days.eq(self.lead_time_days),
            suppliers::notes.eq(&self.notes),
        );
        crate::write_record!(conn, suppliers, existing, (by, at), values)
    }
}

/// Names (or clears, with `None`) a variant's default supplier and the supplier's code for it.
pub fn set_default_supplier(
    conn: &mut DbConnection,
    actor: &Actor,
    variant: VariantId,
    choice: Option<(SupplierId, String)>,
) -> Result<(), AppError> {
    db::write(conn, |c| {
        let exists = diesel::select(diesel::dsl::exists(variants::table.find(variant)))
            .get_result::<bool>(c)?;
        if !exists {
            return Err(AppError::NotFound);
        }
        let before = queries::default_of(c, variant)?;
        if before == choice {
            return Ok(());
        }
        diesel::delete(variant_suppliers::table.find(variant)).execute(c)?;
        if let Some((supplier, code)) = &choice {
            if queries::find(c, *supplier)?.is_none() {
                return Err(AppError::Validation(
                    "That supplier no longer exists.".into(),
                ));
            }
            diesel::insert_into(variant_suppliers::table)
                .values((
                    variant_suppliers::variant_id.eq(variant),
                    variant_suppliers::supplier_id.eq(*supplier),
                    variant_suppliers::supplier_sku.eq(code),
                ))
                .execute(c)?;
        }
        let describe = |v: &Option<(SupplierId, String)>| {
            v.as_ref()
                .map(|(s, code)| json!({ "supplier": s, "supplier_sku": code }))
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "variant",
                entity_id: Some(variant.to_string()),
                action: "inventory.default_supplier_set",
                before: describe(&before),
                after: describe(&choice),
            },
        )
    })
}

/// What attaching variants to a supplier did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attached {
    /// Variants that had no default supplier and now name this one.
    pub added: i64,
    /// Variants that named another supplier and now name this one (`replace`).
    pub replaced: i64,
    /// Variants that name another supplier and were left so.
    pub kept: i64,
}

/// Makes `supplier` the default supplier of `picked` (tracked variants; others are skipped):
/// those with no supplier get it; those with another get it only when `replace`. The
/// supplier's code for a variant starts empty. One audit row for the whole change.
pub fn attach_variants(
    conn: &mut DbConnection,
    actor: &Actor,
    supplier: SupplierId,
    picked: &[VariantId],
    replace: bool,
) -> Result<Attached, AppError> {
    db::write(conn, |c| {
        let name = queries::find(c, supplier)?.ok_or(AppError::NotFound)?.name;
        let tracked: Vec<VariantId> = variants::table
            .filter(crate::db::id_in(variants::id, picked))
            .filter(variants::track_inventory.eq(true))
            .select(variants::id)
            .load(c)?;
        let current: Vec<(VariantId, SupplierId)> = variant_suppliers::table
            .filter(crate::db::id_in(variant_suppliers::variant_id, &tracked))
            .select((
                variant_suppliers::variant_id,
                variant_suppliers::supplier_id,
            ))
            .load(c)?;
        let other = |v: &VariantId| {
            current
                .iter()
                .any(|(variant, s)| variant == v && *s != supplier)
        };
        let theirs = |v: &VariantId| current.iter().any(|(variant, _)| variant == v);
        let fresh: Vec<VariantId> = tracked.iter().copied().filter(|v| !theirs(v)).collect();
        let others: Vec<VariantId> = tracked.iter().copied().filter(other).collect();
        // One statement for all of them: INSERT … SELECT over the variants picked.
        diesel::insert_into(variant_suppliers::table)
            .values(
                variants::table
                    .filter(crate::db::id_in(variants::id, &fresh))
                    .select((
                        variants::id,
                        supplier.get().into_sql::<BigInt>(),
                        "".into_sql::<Text>(),
                    )),
            )
            .into_columns((
                variant_suppliers::variant_id,
                variant_suppliers::supplier_id,
                variant_suppliers::supplier_sku,
            ))
            .execute(c)?;
        if replace && !others.is_empty() {
            diesel::update(
                variant_suppliers::table
                    .filter(crate::db::id_in(variant_suppliers::variant_id, &others)),
            )
            .set((
                variant_suppliers::supplier_id.eq(supplier),
                variant_suppliers::supplier_sku.eq(""),
            ))
            .execute(c)?;
        }
        let done = Attached {
            added: fresh.len() as i64,
            replaced: if replace { others.len() as i64 } else { 0 },
            kept: if replace { 0 } else { others.len() as i64 },
        };
        if done.added + done.replaced > 0 {
            audit::record(
                c,
                actor,
                Entry {
                    entity_type: "supplier",
                    entity_id: Some(supplier.to_string()),
                    action: "inventory.supplier_variants_added",
                    before: None,
                    after: Some(json!({
                        "supplier": name, "added": done.added, "replaced": done.replaced,
                    })),
                },
            )?;
        }
        Ok(done)
    })
}

/// Clears `supplier` as the default supplier of `picked` (those naming another are left as
/// they are): how many changed. One audit row.
pub fn detach_variants(
    conn: &mut DbConnection,
    actor: &Actor,
    supplier: SupplierId,
    picked: &[VariantId],
) -> Result<i64, AppError> {
    db::write(conn, |c| {
        queries::find(c, supplier)?.ok_or(AppError::NotFound)?;
        let removed = diesel::delete(
            variant_suppliers::table
                .filter(variant_suppliers::supplier_id.eq(supplier))
                .filter(crate::db::id_in(variant_suppliers::variant_id, picked)),
        )
        .execute(c)? as i64;
        if removed > 0 {
            audit::record(
                c,
                actor,
                Entry {
                    entity_type: "supplier",
                    entity_id: Some(supplier.to_string()),
                    action: "inventory.supplier_variants_removed",
                    before: Some(json!({ "variants": removed })),
                    after: None,
                },
            )?;
        }
        Ok(removed)
    })
}
