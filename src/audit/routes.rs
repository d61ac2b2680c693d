use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    let view = Access::Allowed(Permission::AuditView);
    routes
        .get("/admin/audit", view, handlers::list_audit_entries)
        .get(
            "/admin/audit/export.csv",
            view,
            handlers::export_audit_entries,
        );
}
