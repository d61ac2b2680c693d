//! The suppliers list and form.

use askama::Template;

use super::forms::SupplierForm;
use super::models::Supplier;
use crate::domain::problems::FieldErrors;
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
