//! Supplier writes: the only writer of suppliers and of variants' default suppliers, each with
//! its audit row in the same transaction.

use diesel::prelude::*;
use serde_json::json;

use super::models::{Supplier, SupplierChanges};
use super::queries;
use crate::audit::{self, Entry, changed_fields};
use crate::auth::Actor;
use crate::db::schema::{suppliers, variant_suppliers, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{SupplierId, VariantId};
use crate::domain::problems::{FieldErrors, SaveResult};
use crate::error::AppError;
use crate::shop::Shop;

fn audited(supplier: &Supplier) -> SupplierChanges {
    SupplierChanges {
        name: supplier.name.clone(),
        contact: supplier.contact.clone(),
        email: supplier.email.clone(),
        phone: supplier.phone.clone(),
        lead_time_days: supplier.lead_time_days,
        notes: supplier.notes.clone(),
        version: None,
    }
}

/// Creates (`id` none) or updates a supplier.
pub fn save_supplier(
    conn: &mut DbConnection,
    actor: &Actor,
    id: Option<SupplierId>,
    valid: &SupplierChanges,
    shop: &Shop,
) -> Result<SaveResult<()>, AppError> {
    db::write(conn, |c| {
        let existing = db::existing(c, id, queries::find)?;
        if let Some(stale) = shop.stale_edit("supplier", existing.as_ref(), valid.version) {
            return Ok(SaveResult::Stale(stale));
        }
        let key = valid.name.to_lowercase();
        let clash: Option<SupplierId> = suppliers::table
            .filter(suppliers::name_key.eq(&key))
            .select(suppliers::id)
            .first(c)
            .optional()?;
        if clash.is_some_and(|other| Some(other) != id) {
            let mut errors = FieldErrors::new();
            errors.add("name", "Another supplier has this name.");
            return Ok(SaveResult::Invalid(errors));
        }
        let now = db::now();
        let values = (
            suppliers::name.eq(&valid.name),
            suppliers::name_key.eq(&key),
            suppliers::contact.eq(&valid.contact),
            suppliers::email.eq(&valid.email),
            suppliers::phone.eq(&valid.phone),
            suppliers::lead_time_days.eq(valid.lead_time_days),
            suppliers::notes.eq(&valid.notes),
            suppliers::updated_by.eq(&actor.label),
            suppliers::updated_at.eq(now),
        );
        let (saved, action, before, after) = match &existing {
            Some(current) => {
                let Some((before, after)) = changed_fields(&audited(current), valid) else {
                    return Ok(SaveResult::Saved(()));
                };
                diesel::update(suppliers::table.find(current.id))
                    .set((values, suppliers::version.eq(current.version + 1)))
                    .execute(c)?;
                (
                    current.id,
                    "inventory.supplier_updated",
                    Some(before),
                    Some(after),
                )
            }
            None => {
                let id = diesel::insert_into(suppliers::table)
                    .values((values, suppliers::created_at.eq(now)))
                    .returning(suppliers::id)
                    .get_result(c)?;
                (id, "inventory.supplier_created", None, Some(json!(valid)))
            }
        };
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "supplier",
                entity_id: Some(saved.to_string()),
                action,
                before,
                after,
            },
        )?;
        Ok(SaveResult::Saved(()))
    })
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
