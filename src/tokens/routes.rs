use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let manage = Access::Allowed(Permission::SettingsManage);
    crate::routes! { routes;
        GET "/admin/settings/api-tokens", manage => handlers::list_tokens;
        POST "/admin/settings/api-tokens", manage => handlers::create_token;
        POST "/admin/settings/api-tokens/{id}/revoke", manage => handlers::revoke_token;
    }
}
