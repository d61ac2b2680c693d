use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::AuditView);
    crate::routes! { routes;
        GET "/admin/audit", view => handlers::list_audit_entries;
        GET "/admin/audit/export.csv", view => handlers::export_audit_entries;
    }
}
