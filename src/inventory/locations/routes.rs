use super::forms::LocationForm;
use super::handlers::{self, LocationSwitch};
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::InventoryView);
    let manage = Access::Allowed(Permission::InventoryManage);
    crate::routes! { routes;
        GET "/admin/inventory/locations", view => handlers::list_locations;
        GET "/admin/inventory/locations/new", manage => crud::new::<LocationForm>;
        POST "/admin/inventory/locations", manage => crud::create::<LocationForm>;
        GET "/admin/inventory/locations/{id}", view => crud::edit::<LocationForm>;
        POST "/admin/inventory/locations/{id}", manage => crud::update::<LocationForm>;
        POST "/admin/inventory/locations/{id}/deactivate", manage => crud::set_active::<LocationSwitch, false>;
        POST "/admin/inventory/locations/{id}/activate", manage => crud::set_active::<LocationSwitch, true>;
    }
}
