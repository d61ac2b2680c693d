use super::forms::SupplierForm;
use super::{handlers, variants};
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/suppliers", view => handlers::list_suppliers;
        GET "/admin/inventory/suppliers/new", manage => crud::new::<SupplierForm>;
        POST "/admin/inventory/suppliers", manage => crud::create::<SupplierForm>;
        GET "/admin/inventory/suppliers/{id}", view => crud::edit::<SupplierForm>;
        POST "/admin/inventory/suppliers/{id}", manage => crud::update::<SupplierForm>;
        POST "/admin/inventory/variants/{id}/supplier", manage => handlers::set_default_supplier;
        GET "/admin/inventory/suppliers/{id}/variants", view => variants::supplier_variants;
        POST "/admin/inventory/suppliers/{id}/variants", manage => variants::add_variants;
        POST "/admin/inventory/suppliers/{id}/variants/remove", manage => variants::remove_variants;
    }
}
