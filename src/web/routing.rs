//! Route registration with a declared access level. Every route goes through [`Routes`], which
//! both registers it with actix-web (guarded by [`crate::web::guard::authorize`]) and records
//! it in a table, so tests can walk every route × role and a route without an access level
//! cannot exist.

use actix_web::body::BoxBody;
use actix_web::dev::ServiceRequest;
use actix_web::http::Method;
use actix_web::middleware::{Next, from_fn};
use actix_web::{FromRequest, Handler, Responder, guard, web};

pub use crate::web::guard::Access;

/// One registered route.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
}

/// A resource waiting to be registered.
type Registration = Box<dyn FnOnce(&mut web::ServiceConfig)>;

/// Registers routes, or only records them (see [`Routes::recorder`]).
///
/// Routes without path parameters are registered at once and the others when `Routes` is
/// dropped, after all of them: actix-web tries resources in order, matching a static path by
/// comparing strings but a parameterised one with a regex, so a static page no longer pays for
/// every `{id}` route before it. (No static path is meant to be caught by a `{…}` route: a
/// `/admin/products/new` caught by `/admin/products/{id}` would be a 404.)
pub struct Routes<'a> {
    cfg: Option<&'a mut web::ServiceConfig>,
    table: Vec<RouteInfo>,
    with_parameters: Vec<Registration>,
}

impl Drop for Routes<'_> {
    fn drop(&mut self) {
        if let Some(cfg) = self.cfg.as_deref_mut() {
            for register in self.with_parameters.drain(..) {
                register(cfg);
            }
        }
    }
}

impl<'a> Routes<'a> {
    pub fn new(cfg: &'a mut web::ServiceConfig) -> Routes<'a> {
        Routes {
            cfg: Some(cfg),
            table: Vec::new(),
            with_parameters: Vec::new(),
        }
    }

    /// Records routes without registering them: the route table for tests and docs.
    pub fn recorder() -> Routes<'static> {
        Routes {
            cfg: None,
            table: Vec::new(),
            with_parameters: Vec::new(),
        }
    }

    pub fn into_table(mut self) -> Vec<RouteInfo> {
        std::mem::take(&mut self.table)
    }

    pub fn get<F, Args>(&mut self, path: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::GET, path, access, handler)
    }

    pub fn post<F, Args>(&mut self, path: &'static str, access: Access, handler: F) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.add(Method::POST, path, access, handler)
    }

    /// Registers one route; [`routes!`](crate::routes) writes a table of them.
    pub fn add<F, Args>(
        &mut self,
        method: Method,
        path: &'static str,
        access: Access,
        handler: F,
    ) -> &mut Self
    where
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        self.table.push(RouteInfo {
            method: method.clone(),
            path,
            access,
        });
        if let Some(cfg) = self.cfg.as_deref_mut() {
            // The method guard sits on the resource so that another resource with the same
            // path and another method is tried next. Every GET answers HEAD too (uptime checks
            // use it); actix-web sends the head without the body.
            let methods = if method == Method::GET {
                guard::Any(guard::Get()).or(guard::Head())
            } else {
                guard::Any(guard::Method(method))
            };
            let resource = web::resource(path)
                .guard(methods)
                .wrap(from_fn(move |req: ServiceRequest, next: Next<BoxBody>| {
                    crate::web::guard::authorize(access, req, next)
                }))
                .to(handler);
            if path.contains('{') {
                self.with_parameters.push(Box::new(move |cfg| {
                    cfg.service(resource);
                }));
            } else {
                cfg.service(resource);
            }
        }
        self
    }
}

/// A table of routes, one a line: method, path, access, handler.
///
/// ```ignore
/// crate::routes! { routes;
///     GET "/admin/inventory/suppliers", view => handlers::list_suppliers;
///     POST "/admin/inventory/suppliers", manage => crud::create::<SupplierForm>;
/// }
/// ```
#[macro_export]
macro_rules! routes {
    ($routes:expr; $( $method:ident $path:expr, $access:expr => $handler:expr; )+) => {
        $( $routes.add(actix_web::http::Method::$method, $path, $access, $handler); )+
    };
}
