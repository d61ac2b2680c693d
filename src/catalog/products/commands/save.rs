//! Saving a product: the product row, its variants, derived columns, search entry and audit
//! row, in one write transaction. Uniqueness is checked here with messages per field (the
//! unique indexes stay the last word), and a stale version is reported with who changed it.

use std::collections::HashSet;

use diesel::prelude::*;

use super::derived::refresh_derived;
use super::snapshot::snapshot;
use crate::audit::{self, Entry};
use crate::auth::Actor;
use crate::catalog::domain::{Handle, Sku};
use crate::catalog::models::{Product, Variant};
use crate::catalog::products::input::ProductErrors;
use crate::catalog::products::models::{NewProduct, ProductRecord, VariantRecord};
use crate::catalog::products::queries;
use crate::db::schema::{products, variants};
use crate::db::{self, DbConnection};
use crate::domain::ids::{ProductId, VariantId};
use crate::domain::money::Currency;
use crate::error::AppError;
use crate::hooks;

/// What a save came to.
pub enum SaveOutcome {
    Saved(ProductId),
    Invalid(ProductErrors),
    /// Someone saved the product after the form was opened.
    Stale {
        message: String,
        current: Box<Product>,
        variants: Vec<Variant>,
    },
}

fn money_minor(money: crate::domain::money::Money, currency: &Currency) -> Result<i64, AppError> {
    money
        .to_minor(currency)
        .map_err(|e| AppError::Validation(e.to_string()))
}

/// Creates (`product_id` None) or updates a product in its own write transaction.
pub fn save_product(
    conn: &mut DbConnection,
    actor: &Actor,
    product_id: Option<ProductId>,
    valid: &NewProduct,
    currency: &Currency,
    shop: &crate::shop::Shop,
) -> Result<SaveOutcome, AppError> {
    db::write(conn, |c| {
        save_product_in(c, actor, product_id, valid, currency, shop)
    })
}

/// The same, inside the caller's transaction (the CSV import saves many products in one).
pub fn save_product_in(
    c: &mut DbConnection,
    actor: &Actor,
    product_id: Option<ProductId>,
    valid: &NewProduct,
    currency: &Currency,
    shop: &crate::shop::Shop,
) -> Result<SaveOutcome, AppError> {
    {
        let now = db::now();
        let existing = db::existing(c, product_id, queries::find)?;
        let before_variants = match &existing {
            Some(p) => queries::variants_of(c, p.id)?,
            None => Vec::new(),
        };
        if let Some(message) = shop.stale_edit("product", existing.as_ref(), valid.version) {
            if let Some(current) = existing {
                return Ok(SaveOutcome::Stale {
                    message,
                    current: Box::new(current),
                    variants: before_variants,
                });
            }
        }
        let mut errors = ProductErrors::default();
        if let Some(category) = valid.category_id {
            let exists: bool = diesel::select(diesel::dsl::exists(
                crate::db::schema::categories::table
                    .filter(crate::db::schema::categories::id.eq(category)),
            ))
            .get_result(c)?;
            if !exists {
                errors.fields.add(
                    "category_id",
                    "That category no longer exists. Choose another.",
                );
            }
        }
        let handle = match &valid.handle {
            Some(handle) => {
                if queries::handle_taken(c, handle.as_str(), product_id)? {
                    errors
                        .fields
                        .add("handle", "Another product uses this handle.");
                }
                handle.clone()
            }
            None => {
                let base = Handle::from_title(&valid.title);
                let mut candidate = base.clone();
                let mut n = 2;
                while queries::handle_taken(c, candidate.as_str(), product_id)? {
                    candidate = base.with_suffix(n);
                    n += 1;
                }
                candidate
            }
        };
        let given_keys: Vec<String> = valid
            .variants
            .iter()
            .filter_map(|v| v.sku.as_ref().map(Sku::key))
            .collect();
        let taken: HashSet<String> = queries::skus_taken(c, &given_keys, product_id)?
            .into_iter()
            .collect();
        for (i, variant) in valid.variants.iter().enumerate() {
            if let Some(sku) = &variant.sku {
                if taken.contains(&sku.key()) {
                    errors.add_row(i, "sku", format!("SKU {sku} is used by another product."));
                }
            }
        }
        let codes: Vec<String> = valid
            .variants
            .iter()
            .filter_map(|v| v.barcode.clone())
            .collect();
        let taken_codes: HashSet<String> = queries::barcodes_taken(c, &codes, product_id)?
            .into_iter()
            .collect();
        for (i, variant) in valid.variants.iter().enumerate() {
            if variant
                .barcode
                .as_ref()
                .is_some_and(|b| taken_codes.contains(b))
            {
                errors.add_row(i, "barcode", "This barcode is used by another product.");
            }
        }
        // A variant whose stock has a history stays: deleting it would erase its ledger.
        let removed: Vec<VariantId> = before_variants
            .iter()
            .map(|v| v.id)
            .filter(|id| !valid.variants.iter().any(|v| v.id == Some(*id)))
            .collect();
        if let Some(reason) = hooks::variants_kept(c, &removed)? {
            errors.fields.add("variants", reason);
        }
        if !errors.is_empty() {
            return Ok(SaveOutcome::Invalid(errors));
        }

        // Generated SKUs: from the handle and values, with a suffix until free.
        let mut used: HashSet<String> = given_keys.iter().cloned().collect();
        let mut skus = Vec::with_capacity(valid.variants.len());
        for variant in &valid.variants {
            let sku = match &variant.sku {
                Some(sku) => sku.clone(),
                None => {
                    let base = Sku::generate(handle.as_str(), &variant.values);
                    let mut candidate = base.clone();
                    let mut n = 2;
                    while used.contains(&candidate.key())
                        || !queries::skus_taken(c, &[candidate.key()], product_id)?.is_empty()
                    {
                        candidate = base.with_suffix(n);
                        n += 1;
                    }
                    candidate
                }
            };
            used.insert(sku.key());
            skus.push(sku);
        }

        let prices: Vec<i64> = valid
            .variants
            .iter()
            .map(|v| money_minor(v.price, currency))
            .collect::<Result<_, _>>()?;
        let option_name = |i: usize| valid.options.get(i).map(|o| o.name.clone());
        let tags_text = valid.tags.join(", ");
        let row = ProductRecord {
            title: &valid.title,
            handle: handle.as_str(),
            description: &valid.description,
            status: valid.status,
            vendor: &valid.vendor,
            product_type: &valid.product_type,
            tags: &tags_text,
            category_id: valid.category_id,
            seo_title: &valid.seo_title,
            seo_description: &valid.seo_description,
            option1_name: option_name(0),
            option2_name: option_name(1),
            option3_name: option_name(2),
            updated_by: &actor.label,
            updated_at: now,
        };
        let id = match &existing {
            Some(current) => {
                diesel::update(
                    products::table
                        .filter(products::id.eq(current.id))
                        .filter(products::version.eq(current.version)),
                )
                .set((&row, products::version.eq(current.version + 1)))
                .execute(c)?;
                current.id
            }
            None => diesel::insert_into(products::table)
                .values((
                    &row,
                    products::version.eq(1_i64),
                    products::created_at.eq(now),
                ))
                .returning(products::id)
                .get_result(c)?,
        };

        // Variants: remove those no longer in the form, update the rest, add the new ones.
        let own_ids: HashSet<VariantId> = before_variants.iter().map(|v| v.id).collect();
        let keep: HashSet<VariantId> = valid
            .variants
            .iter()
            .filter_map(|v| v.id)
            .filter(|i| own_ids.contains(i))
            .collect();
        let gone: Vec<VariantId> = own_ids.difference(&keep).copied().collect();
        if !gone.is_empty() {
            diesel::delete(variants::table.filter(variants::id.eq_any(gone))).execute(c)?;
        }
        for (position, ((variant, sku), price)) in
            valid.variants.iter().zip(&skus).zip(&prices).enumerate()
        {
            let value = |i: usize| variant.values.get(i).cloned();
            let sku_key = sku.key();
            let row = VariantRecord {
                sku: sku.as_str(),
                sku_key: &sku_key,
                barcode: variant.barcode.as_deref(),
                option1: value(0),
                option2: value(1),
                option3: value(2),
                price: *price,
                compare_at_price: variant
                    .compare_at
                    .map(|m| money_minor(m, currency))
                    .transpose()?,
                cost: variant.cost.map(|m| money_minor(m, currency)).transpose()?,
                weight_grams: variant.weight_grams,
                track_inventory: variant.track_inventory,
                allow_backorder: variant.allow_backorder,
                position: position as i64,
                updated_at: now,
            };
            match variant.id.filter(|i| own_ids.contains(i)) {
                Some(variant_id) => {
                    diesel::update(variants::table.find(variant_id))
                        .set(&row)
                        .execute(c)?;
                }
                None => {
                    diesel::insert_into(variants::table)
                        .values((
                            &row,
                            variants::product_id.eq(id),
                            variants::created_at.eq(now),
                        ))
                        .execute(c)?;
                }
            }
        }
        refresh_derived(c, id)?;
        // Variants that track stock (new ones, or tracking just turned on) get their levels.
        hooks::variant_saved(c, actor, id)?;
        let after = queries::find(c, id)?.ok_or(AppError::NotFound)?;
        let after_variants = queries::variants_of(c, id)?;
        let before = existing.as_ref().map(|p| snapshot(p, &before_variants));
        let after_snapshot = snapshot(&after, &after_variants);
        if let Some(current) = existing
            .as_ref()
            .filter(|_| before.as_ref() == Some(&after_snapshot))
        {
            // A save that changed nothing: no audit entry, and the product keeps its version
            // and "last updated", so nobody else's open form turns stale for nothing.
            diesel::update(products::table.find(id))
                .set((
                    products::version.eq(current.version),
                    products::updated_at.eq(current.updated_at),
                    products::updated_by.eq(&current.updated_by),
                ))
                .execute(c)?;
            return Ok(SaveOutcome::Saved(id));
        }
        audit::record(
            c,
            actor,
            Entry {
                entity_type: "product",
                entity_id: Some(id.to_string()),
                action: if existing.is_some() {
                    "catalog.product_updated"
                } else {
                    "catalog.product_created"
                },
                before,
                after: Some(after_snapshot),
            },
        )?;
        Ok(SaveOutcome::Saved(id))
    }
}
