use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let manage = Access::Allowed(Permission::SettingsManage);
    crate::routes! { routes;
        GET "/admin/settings", manage => handlers::show_settings;
        POST "/admin/settings", manage => handlers::save_settings;
    }
}
