use crate::auth::Permission;
use crate::staff::{account, handlers, sign_in};
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    routes
        .get("/login", Access::Public, sign_in::sign_in_form)
        .post("/login", Access::Public, sign_in::sign_in)
        .post("/logout", Access::SignedIn, sign_in::sign_out)
        .get("/setup/{token}", Access::Public, sign_in::setup_form)
        .post("/setup/{token}", Access::Public, sign_in::complete_setup)
        .get("/admin/account", Access::SignedIn, account::show_account)
        .post(
            "/admin/account/profile",
            Access::SignedIn,
            account::update_profile,
        )
        .get(
            "/admin/session/token",
            Access::SignedIn,
            account::session_token,
        )
        .post(
            "/admin/account/password",
            Access::SignedIn,
            account::change_password,
        )
        .get(
            "/admin/staff",
            Access::Allowed(Permission::StaffManage),
            handlers::list_staff,
        )
        .get(
            "/admin/staff/new",
            Access::Allowed(Permission::StaffManage),
            handlers::new_staff_form,
        )
        .post(
            "/admin/staff",
            Access::Allowed(Permission::StaffManage),
            handlers::create_staff,
        )
        .get(
            "/admin/staff/{id}",
            Access::Allowed(Permission::StaffManage),
            handlers::edit_staff_form,
        )
        .post(
            "/admin/staff/{id}",
            Access::Allowed(Permission::StaffManage),
            handlers::update_staff,
        )
        .post(
            "/admin/staff/{id}/password",
            Access::Allowed(Permission::StaffManage),
            handlers::set_staff_password,
        );
}
