//! The suppliers list and form.

use askama::Template;

use super::forms::{FindParams, SupplierForm};
use super::models::Supplier;
use super::queries::SupplierVariant;
use crate::catalog::Facets;
use crate::domain::problems::FieldErrors;
use crate::domain::words::count;
use crate::web::filters;
use crate::web::pagination::PageLinks;
use crate::web::shell::Shell;

#[derive(Template)]
#[template(path = "inventory/suppliers/list.html")]
pub struct SupplierListPage {
    pub shell: Shell,
    /// Each supplier and how many variants name it as their default.
    pub rows: Vec<(Supplier, i64)>,
    pub can_manage: bool,
}

#[derive(Template)]
#[template(path = "inventory/suppliers/form.html")]
pub struct SupplierFormPage {
    pub shell: Shell,
    pub supplier: Option<Supplier>,
    pub form: SupplierForm,
    pub errors: FieldErrors,
    pub conflict: Option<String>,
    pub can_manage: bool,
}

impl SupplierFormPage {
    pub fn build(
        shell: Shell,
        supplier: Option<Supplier>,
        form: SupplierForm,
        errors: FieldErrors,
        conflict: Option<String>,
    ) -> SupplierFormPage {
        let can_manage = shell.can(crate::auth::Permission::InventoryManage);
        SupplierFormPage {
            shell,
            supplier,
            form,
            errors,
            conflict,
            can_manage,
        }
    }

    fn action(&self) -> String {
        match &self.supplier {
            Some(s) => format!("/admin/inventory/suppliers/{}", s.id),
            None => "/admin/inventory/suppliers".into(),
        }
    }
}

/// A supplier's variants, and the variants that could be added to it.
#[derive(Template)]
#[template(path = "inventory/suppliers/variants.html")]
pub struct SupplierVariantsPage {
    pub shell: Shell,
    pub supplier: Supplier,
    /// How many variants name the supplier.
    pub total: i64,
    pub rows: Vec<SupplierVariant>,
    pub links: PageLinks,
    /// The candidates shown to tick and how many match in all (none: not searched).
    pub found: Option<(Vec<SupplierVariant>, i64)>,
    pub params: FindParams,
    pub facets: std::sync::Arc<Facets>,
    pub can_manage: bool,
}

impl SupplierVariantsPage {
    pub fn total_text(&self) -> String {
        count(self.total, "variant names", "variants name")
    }
}
