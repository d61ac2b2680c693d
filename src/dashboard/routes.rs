use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    crate::routes! { routes;
        GET "/admin", Access::Allowed(Permission::DashboardView) => handlers::show_dashboard;
    }
}
