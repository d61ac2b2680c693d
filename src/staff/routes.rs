use crate::auth::Permission;
use crate::staff::{auth_handlers, handlers};
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    routes
        .get("/login", Access::Public, auth_handlers::sign_in_form)
        .post("/login", Access::Public, auth_handlers::sign_in)
        .post("/logout", Access::SignedIn, auth_handlers::sign_out)
        .get("/setup/{token}", Access::Public, auth_handlers::setup_form)
        .post(
            "/setup/{token}",
            Access::Public,
            auth_handlers::complete_setup,
        )
        .get(
            "/admin/account",
            Access::SignedIn,
            auth_handlers::show_account,
        )
        .post(
            "/admin/account/password",
            Access::SignedIn,
            auth_handlers::change_password,
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
