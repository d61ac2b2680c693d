use super::handlers;
use crate::auth::Permission;
use crate::web::routing::{Access, Routes};

pub fn configure(routes: &mut Routes<'_>) {
    routes.get(
        "/admin/audit",
        Access::Allowed(Permission::AuditView),
        handlers::list_audit_entries,
    );
}
