use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let manage = Access::Allowed(Permission::SettingsManage);
    routes
        .get("/admin/settings/api-tokens", manage, handlers::list_tokens)
        .post("/admin/settings/api-tokens", manage, handlers::create_token)
        .post(
            "/admin/settings/api-tokens/{id}/revoke",
            manage,
            handlers::revoke_token,
        );
}
