//! How an earlier area tells later ones about its changes without naming them. The catalog
//! comes before inventory (inventory names the catalog, never the reverse), yet saving a
//! variant that tracks stock must open its levels, and removing one must not erase a ledger.
//! So the catalog calls [`variant_saved`] and [`variants_kept`], and `startup` installs the
//! watchers (inventory's) once, before anything is served or run.
//!
//! A process-wide registry, installed once: the watchers are code, not configuration, and the
//! catalog's writers run inside `db::write` closures far from any request state.

use std::sync::OnceLock;

use crate::auth::Actor;
use crate::db::DbConnection;
use crate::domain::ids::{ProductId, VariantId};
use crate::error::AppError;

/// What a later area does when the catalog changes variants, inside the catalog's transaction.
pub trait VariantWatcher: Send + Sync + 'static {
    /// A product and its variants were saved (created, changed, tracking turned on).
    fn saved(
        &self,
        conn: &mut DbConnection,
        actor: &Actor,
        product: ProductId,
    ) -> Result<(), AppError>;

    /// The SKUs among `variants` that must not be deleted, with this area's reason as a
    /// sentence; the catalog refuses the removal if any watcher names one.
    fn kept(
        &self,
        conn: &mut DbConnection,
        variants: &[VariantId],
    ) -> Result<Option<String>, AppError>;
}

static WATCHERS: OnceLock<Vec<Box<dyn VariantWatcher>>> = OnceLock::new();

/// Installs the watchers; the first call wins (the server and the commands install the same).
pub fn install(watchers: impl FnOnce() -> Vec<Box<dyn VariantWatcher>>) {
    WATCHERS.get_or_init(watchers);
}

fn watchers() -> Result<&'static [Box<dyn VariantWatcher>], AppError> {
    WATCHERS
        .get()
        .map(Vec::as_slice)
        .ok_or_else(|| AppError::Unexpected("variant watchers were not installed".into()))
}

/// Tells every watcher that `product` was saved.
pub fn variant_saved(
    conn: &mut DbConnection,
    actor: &Actor,
    product: ProductId,
) -> Result<(), AppError> {
    for watcher in watchers()? {
        watcher.saved(conn, actor, product)?;
    }
    Ok(())
}

/// Why `variants` must be kept, if any watcher says so.
pub fn variants_kept(
    conn: &mut DbConnection,
    variants: &[VariantId],
) -> Result<Option<String>, AppError> {
    if variants.is_empty() {
        return Ok(None);
    }
    for watcher in watchers()? {
        if let Some(reason) = watcher.kept(conn, variants)? {
            return Ok(Some(reason));
        }
    }
    Ok(None)
}
