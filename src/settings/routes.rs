use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let manage = Access::Allowed(Permission::SettingsManage);
    routes
        .get("/admin/settings", manage, handlers::show_settings)
        .post("/admin/settings", manage, handlers::save_settings);
}
