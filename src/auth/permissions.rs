//! Roles and what they may do: the one place that decides access. Every route declares one
//! [`Permission`] (or is public / open to any signed-in staff member); a role grants a fixed set.

use std::fmt;

/// Everything a route can require. Deny by default: a role has only what [`Role::can`] lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    DashboardView,
    CatalogView,
    CatalogEdit,
    CatalogImport,
    CatalogDelete,
    InventoryView,
    InventoryAdjust,
    /// Posting counts; transfers, purchase orders, suppliers, reasons and locations.
    InventoryManage,
    OrdersView,
    OrdersEdit,
    OrdersRefund,
    CustomersView,
    /// Sees customers' email addresses and phone numbers (a viewer sees them masked).
    CustomersContact,
    CustomersEdit,
    /// Imports, exports, merges and erases customers.
    CustomersManage,
    AuditView,
    StaffManage,
    SettingsManage,
}

impl Permission {
    pub const ALL: [Permission; 18] = [
        Permission::DashboardView,
        Permission::CatalogView,
        Permission::CatalogEdit,
        Permission::CatalogImport,
        Permission::CatalogDelete,
        Permission::InventoryView,
        Permission::InventoryAdjust,
        Permission::InventoryManage,
        Permission::OrdersView,
        Permission::OrdersEdit,
        Permission::OrdersRefund,
        Permission::CustomersView,
        Permission::CustomersContact,
        Permission::CustomersEdit,
        Permission::CustomersManage,
        Permission::AuditView,
        Permission::StaffManage,
        Permission::SettingsManage,
    ];
}

crate::text_enum! {
    /// A staff member's role (DESIGN.md §5). Stored as its lowercase name.
    pub enum Role {
        /// Everything, including staff and settings.
        Owner = ("owner", "Owner"),
        /// All shop data; no staff or settings.
        Manager = ("manager", "Manager"),
        /// Orders, customers and stock adjustments; the catalog read-only; no deletes or imports.
        Clerk = ("clerk", "Clerk"),
        /// Reads everything a clerk can read; changes nothing.
        Viewer = ("viewer", "Viewer"),
    }
}

impl Role {
    /// Any role may be given any other. Whether the change leaves the shop without an active
    /// owner depends on the other accounts, so `staff::commands::update_staff` checks that.
    pub fn can_become(self, _next: Role) -> bool {
        true
    }

    pub fn description(self) -> &'static str {
        match self {
            Role::Owner => "Everything, including staff accounts and settings.",
            Role::Manager => {
                "All shop data: catalog, stock, orders, customers. No staff or settings."
            }
            Role::Clerk => {
                "Orders, customers and stock adjustments. Reads the catalog. No deletes or imports."
            }
            Role::Viewer => "Reads the shop's data. Changes nothing.",
        }
    }

    /// The fixed grant table.
    pub fn can(self, permission: Permission) -> bool {
        use Permission as P;
        match self {
            Role::Owner => true,
            Role::Manager => !matches!(permission, P::StaffManage | P::SettingsManage),
            Role::Clerk => matches!(
                permission,
                P::DashboardView
                    | P::CatalogView
                    | P::InventoryView
                    | P::InventoryAdjust
                    | P::OrdersView
                    | P::OrdersEdit
                    | P::CustomersView
                    | P::CustomersContact
                    | P::CustomersEdit
            ),
            Role::Viewer => matches!(
                permission,
                P::DashboardView
                    | P::CatalogView
                    | P::InventoryView
                    | P::OrdersView
                    | P::CustomersView
            ),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_can_do_everything_and_viewer_only_reads() {
        for p in Permission::ALL {
            assert!(Role::Owner.can(p));
        }
        for p in [
            Permission::CatalogEdit,
            Permission::InventoryAdjust,
            Permission::OrdersEdit,
            Permission::StaffManage,
            Permission::AuditView,
        ] {
            assert!(!Role::Viewer.can(p), "{p:?}");
        }
    }

    #[test]
    fn only_the_owner_manages_staff_and_settings() {
        for role in [Role::Manager, Role::Clerk, Role::Viewer] {
            assert!(!role.can(Permission::StaffManage));
            assert!(!role.can(Permission::SettingsManage));
        }
    }

    #[test]
    fn clerks_cannot_edit_the_catalog_delete_or_import() {
        for p in [
            Permission::CatalogEdit,
            Permission::CatalogDelete,
            Permission::CatalogImport,
            Permission::OrdersRefund,
        ] {
            assert!(!Role::Clerk.can(p), "{p:?}");
        }
        assert!(Role::Clerk.can(Permission::InventoryAdjust));
    }

    #[test]
    fn roles_round_trip_through_their_names() {
        for &role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(
            Role::ALL
                .iter()
                .all(|&from| Role::ALL.iter().all(|&to| from.can_become(to)))
        );
    }
}
