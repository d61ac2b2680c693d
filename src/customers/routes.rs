use super::forms::CustomerForm;
use super::{erase, export, handlers, merge, notes};
use crate::auth::Permission;
use crate::web::crud;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::CustomersView);
    let edit = Access::Allowed(Permission::CustomersEdit);
    let manage = Access::Allowed(Permission::CustomersManage);
    crate::routes! { routes;
        GET "/admin/customers", view => handlers::list_customers;
        GET "/admin/customers/export.csv", manage => export::export_customers;
        GET "/admin/customers/duplicates", view => handlers::possible_duplicates;
        GET "/admin/customers/merge", manage => merge::merge_form;
        POST "/admin/customers/merge", manage => merge::merge;
        GET "/admin/customers/new", edit => crud::new::<CustomerForm>;
        POST "/admin/customers", edit => crud::create::<CustomerForm>;
        GET "/admin/customers/{id}", view => handlers::show_customer;
        GET "/admin/customers/{id}/edit", edit => crud::edit::<CustomerForm>;
        GET "/admin/customers/{id}/data.json", manage => export::privacy_export;
        GET "/admin/customers/{id}/erase", manage => erase::erase_form;
        POST "/admin/customers/{id}/erase", manage => erase::erase;
        POST "/admin/customers/{id}", edit => crud::update::<CustomerForm>;
        POST "/admin/customers/{id}/addresses", edit => handlers::add_address;
        GET "/admin/customers/{id}/addresses/{address}", view => handlers::edit_address;
        POST "/admin/customers/{id}/addresses/{address}", edit => handlers::update_address;
        POST "/admin/customers/{id}/addresses/{address}/remove", edit => handlers::delete_address;
        POST "/admin/customers/{id}/notes", edit => notes::add_note;
        GET "/admin/customers/{id}/notes/{note}", edit => notes::edit_note;
        POST "/admin/customers/{id}/notes/{note}", edit => notes::update_note;
    }
}
