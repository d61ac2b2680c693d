//! The data every admin page's frame needs: shop, signed-in staff member, navigation filtered by
//! role, CSRF token, flash message and asset URLs. Handlers take a [`Shell`] argument and hand it
//! to their template.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};

use crate::app::AppState;
use crate::auth::CurrentStaff;
use crate::auth::Permission;
use crate::error::AppError;
use crate::shop::Shop;
use crate::web::assets::{self, AssetUrls};
use crate::web::flash::{self, FlashMessage};
use crate::web::{client, csrf};

/// One entry of the navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    pub label: &'static str,
    pub href: &'static str,
    pub current: bool,
}

/// The navigation, in order, with the permission each area needs. Areas add their entry here.
const NAV: &[(&str, &str, Permission)] = &[
    ("Dashboard", "/admin", Permission::DashboardView),
    ("Products", "/admin/products", Permission::CatalogView),
    ("Categories", "/admin/categories", Permission::CatalogView),
    ("Inventory", "/admin/inventory", Permission::InventoryView),
    ("Customers", "/admin/customers", Permission::CustomersView),
    ("Staff", "/admin/staff", Permission::StaffManage),
    ("Audit log", "/admin/audit", Permission::AuditView),
    ("Settings", "/admin/settings", Permission::SettingsManage),
];

pub struct Shell {
    pub shop: Arc<Shop>,
    pub staff: Option<CurrentStaff>,
    pub nav: Vec<NavLink>,
    pub csrf_token: String,
    pub flash: Option<FlashMessage>,
    pub assets: &'static AssetUrls,
    pub request_id: String,
}

impl Shell {
    /// Builds the shell from what the request already knows; no database access.
    pub fn build(req: &HttpRequest, state: &AppState, shop: Arc<Shop>, with_flash: bool) -> Shell {
        let staff = req.extensions().get::<CurrentStaff>().cloned();
        let path = req.path();
        let nav = match &staff {
            Some(staff) => NAV
                .iter()
                .filter(|(_, _, permission)| staff.role.can(*permission))
                .map(|&(label, href, _)| NavLink {
                    label,
                    href,
                    current: path == href || (href != "/admin" && path.starts_with(href)),
                })
                .collect(),
            None => Vec::new(),
        };
        Shell {
            shop,
            nav,
            csrf_token: csrf::token(req, &state.keys.csrf),
            flash: if with_flash {
                flash::take(req, &state.keys.cookie)
            } else {
                None
            },
            assets: assets::urls(),
            request_id: client::request_id(req).unwrap_or_default(),
            staff,
        }
    }

    pub fn can(&self, permission: Permission) -> bool {
        self.staff.as_ref().is_some_and(|s| s.role.can(permission))
    }
}

impl FromRequest for Shell {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Shell, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::Unexpected("application state missing".into()))?;
            let shop = state.shop.current(&state.pool).await;
            Ok(Shell::build(&req, &state, shop, true))
        })
    }
}
