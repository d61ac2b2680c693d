use crate::auth::Permission;
use crate::staff::{account, handlers, sign_in};
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let manage = Access::Allowed(Permission::StaffManage);
    crate::routes! { routes;
        GET "/login", Access::Public => sign_in::sign_in_form;
        POST "/login", Access::Public => sign_in::sign_in;
        POST "/logout", Access::SignedIn => sign_in::sign_out;
        GET "/setup/{token}", Access::Public => sign_in::setup_form;
        POST "/setup/{token}", Access::Public => sign_in::complete_setup;
        GET "/admin/account", Access::SignedIn => account::show_account;
        POST "/admin/account/profile", Access::SignedIn => account::update_profile;
        GET "/admin/session/token", Access::SignedIn => account::session_token;
        POST "/admin/account/password", Access::SignedIn => account::change_password;
        GET "/admin/staff", manage => handlers::list_staff;
        GET "/admin/staff/new", manage => handlers::new_staff_form;
        POST "/admin/staff", manage => handlers::create_staff;
        GET "/admin/staff/{id}", manage => handlers::edit_staff_form;
        POST "/admin/staff/{id}", manage => handlers::update_staff;
        POST "/admin/staff/{id}/password", manage => handlers::set_staff_password;
    }
}
