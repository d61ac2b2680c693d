//! Builds the application: state, middleware order, routes; binds and runs the server.

use std::net::{SocketAddr, TcpListener};

use actix_session::SessionMiddleware;
use actix_session::config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy};
use actix_web::body::BoxBody;
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{ErrorHandlers, Next, from_fn};
use actix_web::{App, HttpMessage, HttpResponse, HttpServer, web};
use sha2::{Digest, Sha256};

use crate::app::{AppState, Keys};
use crate::auth::sessions;
use crate::catalog::CatalogState;
use crate::config::Settings;
use crate::db;
use crate::error::AppError;
use crate::shop::{self, ShopCache};
use crate::web::routing::{Access, RouteInfo, Routes};
use crate::web::session_store::DbSessionStore;
use crate::web::{api, assets, cookies, csrf, error_pages, guard, headers, request_log};

/// A started server and what the caller may need to print.
pub struct Started {
    pub address: SocketAddr,
    pub server: Server,
    /// The setup token, when no staff account exists yet.
    pub setup_token: Option<String>,
}

/// Every route of the application, in registration order.
fn register(routes: &mut Routes<'_>) {
    crate::routes! { routes;
        GET "/", Access::Public => go_to_admin;
        GET "/healthz", Access::Public => health;
        GET "/api/v1/openapi.json", Access::Public => openapi_json;
        GET "/static/{path:.*}", Access::Public => assets::serve_static;
        GET "/favicon.ico", Access::Public => favicon;
    }
    crate::staff::configure(routes);
    crate::dashboard::configure(routes);
    crate::catalog::configure(routes);
    crate::inventory::configure(routes);
    crate::customers::configure(routes);
    crate::audit::configure(routes);
    crate::settings::configure(routes);
    crate::tokens::configure(routes);
}

/// The route table, for tests and documentation.
pub fn route_table() -> Vec<RouteInfo> {
    let mut routes = Routes::recorder();
    register(&mut routes);
    routes.into_table()
}

/// The OpenAPI 3.1 document of `/api/v1`, from the code: each area's `ApiDoc` merged into
/// the shared parts (bearer security, the error body). `tests/app/api.rs` keeps a snapshot,
/// so a change to the contract shows as a diff.
pub fn api_document() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi;
    use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
    use utoipa::openapi::{ComponentsBuilder, InfoBuilder, OpenApiBuilder};

    let components = ComponentsBuilder::new()
        .security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token from Settings → API tokens (or `backroom api-token create`).",
                    ))
                    .build(),
            ),
        )
        .schema_from::<api::ErrorBody>()
        .build();
    let mut document = OpenApiBuilder::new()
        .info(
            InfoBuilder::new()
                .title("Backroom API")
                .version("1")
                .description(Some(
                    "The JSON API of a Backroom shop, for its storefront and tools. Every request \
                     sends `Authorization: Bearer <token>`; money is an exact decimal string in \
                     the shop's currency; lists page with `after`.",
                ))
                .build(),
        )
        .components(Some(components))
        .build();
    document.merge(crate::inventory::ApiDoc::openapi());
    document
}

/// `GET /api/v1/openapi.json`: the API's description, public like any API reference.
async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(api_document())
}

async fn go_to_admin() -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", "/admin"))
        .finish()
}

/// `GET /healthz`: 200 when the database answers, 503 otherwise. No sign-in.
/// Browsers and tools ask for `/favicon.ico` whatever the page links: the icon is an SVG.
async fn favicon() -> HttpResponse {
    HttpResponse::MovedPermanently()
        .insert_header((actix_web::http::header::LOCATION, "/static/favicon.svg"))
        .finish()
}

async fn health(state: web::Data<AppState>) -> HttpResponse {
    let checked = db::run(&state.pool, |conn| {
        use diesel::connection::SimpleConnection;
        conn.batch_execute("SELECT 1").map_err(AppError::from)
    })
    .await;
    match checked {
        Ok(()) => HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ok"),
        Err(_) => HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("database unavailable"),
    }
}

async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse, actix_web::Error> {
    if api::is_api(req.path()) {
        return Err(api::ApiError(AppError::NotFound).into());
    }
    Err(AppError::NotFound.into())
}

/// For unknown URLs: recognise a signed-in user so the 404 page shows inside the admin layout.
async fn identify_softly(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if let Ok(Some(staff)) = guard::identify(req.request()).await {
        req.extensions_mut().insert(staff);
    }
    next.call(req).await
}

/// Installs what later areas do when earlier ones change (`crate::hooks`): inventory watches
/// the catalog's variants. Called before anything is served or run; once is enough.
pub fn install_hooks() {
    crate::hooks::install(|| vec![Box::new(crate::inventory::StockWatcher)]);
}

/// Connects, migrates and loads what the server needs; prepares the setup link if nobody can
/// sign in yet.
pub async fn prepare(settings: Settings) -> Result<(web::Data<AppState>, Option<String>), String> {
    install_hooks();
    let pool = db::connect(&settings.database_url, settings.db_pool_size)?;
    let (shop, setup_token) = db::run(&pool, |conn| {
        db::migrate(conn).map_err(AppError::Unexpected)?;
        db::write(conn, |c| Ok(sessions::purge_expired(c)?))?;
        let checks = db::write(conn, |c| {
            Ok(crate::inventory::purge_unapplied_stock_checks(c)?)
        })?;
        if checks > 0 {
            tracing::info!(checks, "stock import checks never applied were removed");
        }
        let purged = crate::catalog::purge_stored_files(conn)?;
        if purged.files > 0 {
            tracing::info!(
                files = purged.files,
                characters = purged.characters,
                "import files no longer needed were removed"
            );
        }
        let token = if crate::staff::count(conn)? == 0 {
            Some(crate::staff::issue_setup_token(conn)?)
        } else {
            None
        };
        Ok((shop::load(conn)?, token))
    })
    .await
    .map_err(|e| format!("cannot prepare the database: {e}"))?;
    let cookie = Key::try_from(&settings.secret_key[..])
        .map_err(|_| "the secret key is too short".to_owned())?;
    let csrf_key = Sha256::new()
        .chain_update(b"backroom csrf")
        .chain_update(&settings.secret_key)
        .finalize()
        .to_vec();
    let state = web::Data::new(AppState {
        pool,
        settings,
        shop: ShopCache::new(shop),
        keys: Keys {
            cookie,
            csrf: csrf_key,
        },
        heavy: crate::app::HeavyWork::default(),
    });
    Ok((state, setup_token))
}

/// Binds the listener and returns the running (not yet awaited) server.
pub async fn start(settings: Settings) -> Result<Started, String> {
    start_on(settings, None).await
}

/// As [`start`], on a listener bound already (`backroom serve` binds before it creates any
/// file, so a busy port leaves nothing behind).
pub async fn start_on(
    settings: Settings,
    listener: Option<TcpListener>,
) -> Result<Started, String> {
    let bind = settings.bind;
    let workers = settings.workers;
    // Database work runs on the blocking pool; more threads than connections would only wait
    // for a connection (and cost memory), so the pool size bounds them.
    let blocking_threads = (settings.db_pool_size as usize).max(4);
    let (state, setup_token) = prepare(settings).await?;
    let catalog = web::Data::new(CatalogState::default());
    let customers = web::Data::new(crate::customers::CustomerState::default());
    let listener = match listener {
        Some(listener) => listener,
        None => TcpListener::bind(bind).map_err(|e| format!("cannot listen on {bind}: {e}"))?,
    };
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    let server = HttpServer::new(move || {
        let settings = &state.settings;
        let sessions = SessionMiddleware::builder(
            DbSessionStore::new(
                state.pool.clone(),
                settings.session_idle,
                settings.session_absolute,
            ),
            state.keys.cookie.clone(),
        )
        .cookie_name("backroom_session".to_owned())
        .cookie_http_only(true)
        .cookie_secure(settings.secure_cookies)
        .cookie_same_site(SameSite::Lax)
        .cookie_content_security(CookieContentSecurity::Private)
        .session_lifecycle(
            BrowserSession::default()
                .state_ttl_extension_policy(TtlExtensionPolicy::OnStateChanges),
        )
        .build();
        // Middleware runs outermost-last-registered: request log → security headers → error
        // pages → session → pending cookies → CSRF → route (access check) → handler.
        App::new()
            .app_data(state.clone())
            .app_data(catalog.clone())
            .app_data(customers.clone())
            .app_data(web::FormConfig::default().limit(csrf::FORM_LIMIT))
            .app_data(web::PayloadConfig::new(csrf::FORM_LIMIT))
            .app_data(web::QueryConfig::default())
            .app_data(api::json_config())
            // A path id that does not parse names nothing: 404, as for an unknown id.
            .app_data(web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
            .configure(|cfg| register(&mut Routes::new(cfg)))
            .default_service(web::route().to(not_found).wrap(from_fn(identify_softly)))
            .wrap(from_fn(csrf::check))
            .wrap(from_fn(cookies::apply_pending))
            .wrap(sessions)
            .wrap(ErrorHandlers::new().default_handler(error_pages::render))
            .wrap(from_fn(headers::security))
            .wrap(from_fn(api::no_cookies))
            .wrap(from_fn(request_log::log))
            // Outermost: pages, styles and scripts go out gzipped to a browser that accepts it.
            .wrap(actix_web::middleware::Compress::default())
    })
    .workers(workers)
    .worker_max_blocking_threads(blocking_threads)
    .shutdown_timeout(10)
    .listen(listener)
    .map_err(|e| format!("cannot listen on {bind}: {e}"))?
    .run();
    Ok(Started {
        address,
        server,
        setup_token,
    })
}
