//! Test harness: boots the real application (full middleware stack, CSRF enforced) on port 0
//! against a fresh database, and a cookie-keeping client that talks to it like a browser.

mod catalog;
mod stock;

pub use catalog::*;
pub use stock::*;

use std::sync::mpsc;
use std::time::Duration;

use backroom::config::{GlobalArgs, Settings};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use scraper::{Html, Selector};

pub const OWNER_EMAIL: &str = "owner@shop.test";
pub const OWNER_NAME: &str = "Olga Owner";
pub const PASSWORD: &str = "tangerine walrus orbit 42";
pub const OTHER_PASSWORD: &str = "marble canyon lantern 77";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Generates `<name>_on_sqlite` and `<name>_on_postgres` tests from one async scenario taking a
/// [`Db`]. The PostgreSQL one is skipped (with a SKIPPED line) unless
/// `BACKROOM_TEST_POSTGRES_URL` is set, and fails instead when `BACKROOM_REQUIRE_ALL=1`.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::common::Db::Sqlite).await;
                }
            )*
        }
        mod on_postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    if $crate::common::postgres_url().is_none() {
                        $crate::common::skip(concat!(stringify!($name), " on PostgreSQL"), "BACKROOM_TEST_POSTGRES_URL is not set");
                        return;
                    }
                    super::$name($crate::common::Db::Postgres).await;
                }
            )*
        }
    };
}

pub fn postgres_url() -> Option<String> {
    std::env::var("BACKROOM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// Prints a clear SKIPPED line, or fails when every prerequisite is required.
pub fn skip(what: &str, why: &str) {
    if std::env::var("BACKROOM_REQUIRE_ALL").is_ok_and(|v| v == "1") {
        panic!("{what} cannot be skipped with BACKROOM_REQUIRE_ALL=1: {why}");
    }
    eprintln!("SKIPPED: {what}: {why}");
}

/// A running Backroom on its own database.
pub struct TestApp {
    pub base: String,
    pub setup_token: Option<String>,
    pub database_url: String,
    /// Held so that the directory lives as long as the app.
    _data_dir: tempfile::TempDir,
    handle: actix_web::dev::ServerHandle,
    postgres: Option<(String, String)>,
}

fn args(data_dir: &std::path::Path, database_url: &str) -> GlobalArgs {
    GlobalArgs {
        data_dir: data_dir.to_path_buf(),
        database_url: Some(database_url.to_owned()),
        bind: "127.0.0.1:0".into(),
        secret_key: None,
        public_url: None,
        allowed_hosts: vec![],
        trust_proxy: false,
        proxy_hops: 1,
        proxy_header: "x-forwarded-for".into(),
        log_level: "warn".into(),
        session_idle_minutes: 60,
        session_absolute_hours: 12,
        workers: Some(1),
        db_pool_size: 4,
    }
}

/// Creates a fresh, empty PostgreSQL database; returns (its URL, admin URL, name).
async fn fresh_postgres_database(admin_url: &str) -> (String, String) {
    let name = format!("backroom_test_{:016x}", rand::random::<u64>());
    let admin = admin_url.to_owned();
    let create = name.clone();
    tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        let mut conn =
            diesel::PgConnection::establish(&admin).expect("connect to BACKROOM_TEST_POSTGRES_URL");
        conn.batch_execute(&format!("CREATE DATABASE {create}"))
            .expect("create test database");
    })
    .await
    .unwrap();
    let mut url = url::Url::parse(admin_url).expect("BACKROOM_TEST_POSTGRES_URL is a URL");
    url.set_path(&format!("/{name}"));
    (url.to_string(), name)
}

impl TestApp {
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// Boots with adjusted settings (timeouts, proxy trust, …).
    pub async fn spawn_with(db: Db, adjust: impl FnOnce(&mut GlobalArgs)) -> TestApp {
        let data_dir = tempfile::tempdir().unwrap();
        let (database_url, postgres) = match db {
            Db::Sqlite => (
                data_dir
                    .path()
                    .join("backroom.db")
                    .to_string_lossy()
                    .into_owned(),
                None,
            ),
            Db::Postgres => {
                let admin = postgres_url().expect("BACKROOM_TEST_POSTGRES_URL");
                let (url, name) = fresh_postgres_database(&admin).await;
                (url, Some((admin, name)))
            }
        };
        let mut global = args(data_dir.path(), &database_url);
        adjust(&mut global);
        let settings = Settings::load(&global).expect("test settings");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                match backroom::startup::start(settings).await {
                    Ok(started) => {
                        tx.send(Ok((
                            started.address,
                            started.setup_token,
                            started.server.handle(),
                        )))
                        .unwrap();
                        let _ = started.server.await;
                    }
                    Err(error) => tx.send(Err(error)).unwrap(),
                }
            })
        });
        let (address, setup_token, handle) =
            tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
                .await
                .unwrap()
                .expect("server start timed out")
                .expect("server failed to start");
        TestApp {
            base: format!("http://{address}"),
            setup_token,
            database_url,
            _data_dir: data_dir,
            handle,
            postgres,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A new browser-like client (own cookie jar, no automatic redirects).
    pub fn client(&self) -> Client {
        Client::new(&self.base)
    }

    /// Creates the owner through the setup link; returns the owner's signed-in client.
    pub async fn owner(&self) -> Client {
        let client = self.client();
        let token = self
            .setup_token
            .clone()
            .expect("a fresh app has a setup token");
        let page = client.get(&format!("/setup/{token}")).await;
        assert_eq!(page.status, StatusCode::OK);
        let response = client
            .post_form(
                &format!("/setup/{token}"),
                &page,
                &[
                    ("shop_name", "Test Shop"),
                    ("name", OWNER_NAME),
                    ("email", OWNER_EMAIL),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "setup failed: {}",
            response.body
        );
        client
    }

    /// The owner adds a staff member with `role`; returns that person's signed-in client.
    pub async fn staff_member(&self, owner: &Client, role: &str) -> (Client, String) {
        let email = format!("{role}.{:08x}@shop.test", rand::random::<u32>());
        let form = owner.get("/admin/staff/new").await;
        let created = owner
            .post_form(
                "/admin/staff",
                &form,
                &[
                    ("name", &format!("Test {role}")),
                    ("email", &email),
                    ("role", role),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                ],
            )
            .await;
        assert_eq!(
            created.status,
            StatusCode::SEE_OTHER,
            "staff creation failed: {}",
            created.body
        );
        let client = self.client();
        client
            .sign_in(&email, PASSWORD)
            .await
            .assert_redirect_to("/admin");
        (client, email)
    }

    /// A pool of `size` connections to the app's database, for work that runs concurrently.
    pub fn pool(&self, size: u32) -> backroom::db::DbPool {
        backroom::db::connect(&self.database_url, size).unwrap()
    }

    /// Runs SQL-free checks against the database through the library.
    pub fn with_db<T>(&self, work: impl FnOnce(&mut backroom::db::DbConnection) -> T) -> T {
        let pool = backroom::db::connect(&self.database_url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        work(&mut conn)
    }

    /// Waits (up to 30 s) until no background job is running: what a posted apply started has
    /// finished.
    pub async fn jobs_finished(&self) {
        use backroom::db::schema::jobs;
        use diesel::prelude::*;
        for _ in 0..300 {
            let running: i64 = self.with_db(|c| {
                jobs::table
                    .filter(jobs::status.eq("running"))
                    .count()
                    .get_result(c)
                    .unwrap()
            });
            if running == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("a job was still running after 30 s");
    }

    pub fn audit_count(&self, action: &str) -> i64 {
        use backroom::db::schema::audit_log;
        use diesel::prelude::*;
        let action = action.to_owned();
        self.with_db(move |conn| {
            audit_log::table
                .filter(audit_log::action.eq(action))
                .count()
                .get_result(conn)
                .unwrap()
        })
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        // stop() sends the command at once; the returned future only waits for completion.
        drop(self.handle.stop(false));
        if let Some((admin, name)) = self.postgres.take() {
            std::thread::spawn(move || {
                use diesel::Connection;
                use diesel::connection::SimpleConnection;
                if let Ok(mut conn) = diesel::PgConnection::establish(&admin) {
                    let _ =
                        conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                }
            })
            .join()
            .ok();
        }
    }
}

/// A response read into memory.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        // A table's rows swapped alone (a `<tbody>` fragment) parse as a table's content.
        if self.body.trim_start().starts_with("<tbody") {
            return Html::parse_document(&format!("<table>{}</table>", self.body));
        }
        Html::parse_document(&self.body)
    }

    /// Texts of the elements matching a CSS selector.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<String>()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn count(&self, selector: &str) -> usize {
        let selector = Selector::parse(selector).unwrap();
        self.html().select(&selector).count()
    }

    pub fn attr(&self, selector: &str, name: &str) -> Option<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .next()
            .and_then(|e| e.value().attr(name))
            .map(str::to_owned)
    }

    /// What the browser would send for the form matching `selector`, as the page shows it:
    /// inputs (checked boxes only), selected options, textareas. Overrides replace by name.
    pub fn form_values(&self, selector: &str, overrides: &[(&str, &str)]) -> Vec<(String, String)> {
        let html = self.html();
        let form = html
            .select(&Selector::parse(selector).unwrap())
            .next()
            .unwrap_or_else(|| panic!("no form {selector}"));
        let fields = Selector::parse("input[name], select[name], textarea[name]").unwrap();
        let option = Selector::parse("option").unwrap();
        let mut values: Vec<(String, String)> = Vec::new();
        // Fields outside the form that name it with `form="id"` belong to it too.
        let outside: Vec<_> = match form.value().attr("id") {
            Some(id) => html
                .select(&Selector::parse(&format!("[form='{id}'][name]")).unwrap())
                .filter(|e| matches!(e.value().name(), "input" | "select" | "textarea"))
                .collect(),
            None => Vec::new(),
        };
        for field in form.select(&fields).chain(outside) {
            let element = field.value();
            let name = element.attr("name").unwrap_or_default().to_owned();
            let value = match element.name() {
                "select" => {
                    let options: Vec<_> = field.select(&option).collect();
                    let chosen = options
                        .iter()
                        .find(|o| o.value().attr("selected").is_some())
                        .or(options.first());
                    chosen.map(|o| {
                        o.value()
                            .attr("value")
                            .map(str::to_owned)
                            .unwrap_or_else(|| o.text().collect())
                    })
                }
                "textarea" => Some(field.text().collect()),
                _ => match element.attr("type").unwrap_or("text") {
                    "checkbox" | "radio" if element.attr("checked").is_none() => None,
                    "submit" | "button" => None,
                    _ => Some(element.attr("value").unwrap_or_default().to_owned()),
                },
            };
            if let Some(value) = value {
                values.push((name, value));
            }
        }
        for (name, value) in overrides {
            values.retain(|(n, _)| n != name);
            values.push(((*name).to_owned(), (*value).to_owned()));
        }
        values
    }

    pub fn csrf_token(&self) -> String {
        self.attr("input[name=csrf_token]", "value")
            .expect("page has a CSRF token field")
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    pub fn location(&self) -> Option<String> {
        self.header("location")
    }

    pub fn assert_redirect_to(&self, path: &str) {
        assert_eq!(
            self.status,
            StatusCode::SEE_OTHER,
            "expected a redirect to {path}: {}",
            self.body
        );
        assert_eq!(self.location().as_deref(), Some(path));
    }

    /// True when the response sends the visitor to sign in.
    pub fn is_sign_in_redirect(&self) -> bool {
        self.status == StatusCode::SEE_OTHER
            && self.location().is_some_and(|l| l.starts_with("/login"))
    }
}

/// A browser-like client: keeps cookies, follows no redirects, sends same-origin headers.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
}

impl Client {
    pub fn new(base: &str) -> Client {
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Client {
            base: base.to_owned(),
            http,
            jar,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::read(self.http.get(self.url(path)).send().await.unwrap()).await
    }

    pub async fn get_htmx(&self, path: &str) -> Page {
        Self::read(
            self.http
                .get(self.url(path))
                .header("HX-Request", "true")
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// What htmx asks for when it swaps the element with id `target` only.
    pub async fn get_fragment(&self, path: &str, target: &str) -> Page {
        Self::read(
            self.http
                .get(self.url(path))
                .header("HX-Request", "true")
                .header("HX-Target", target)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Posts a form the way the browser would after loading `page`: with its CSRF token and a
    /// same-origin `Origin`.
    pub async fn post_form(&self, path: &str, page: &Page, fields: &[(&str, &str)]) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = page.csrf_token();
        all.push(("csrf_token", &token));
        self.post_raw(path, &all).await
    }

    /// Posts a form as htmx does when it swaps the element with id `target` with the answer.
    pub async fn post_fragment(
        &self,
        path: &str,
        page: &Page,
        fields: &[(&str, &str)],
        target: &str,
    ) -> Page {
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        let token = page.csrf_token();
        all.push(("csrf_token", &token));
        let body = serde_urlencoded::to_string(&all).unwrap();
        Self::read(
            self.http
                .post(self.url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", &self.base)
                .header("HX-Request", "true")
                .header("HX-Target", target)
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = serde_urlencoded::to_string(fields).unwrap();
        Self::read(
            self.http
                .post(self.url(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", &self.base)
                .body(body)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        let page = self.get("/login").await;
        self.post_form("/login", &page, &[("email", email), ("password", password)])
            .await
    }

    /// The session cookie header as the browser would send it.
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        let url = self.base.parse().unwrap();
        self.jar
            .cookies(&url)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }

    /// A token usable on signed-in forms.
    pub async fn admin_token(&self) -> String {
        self.get("/admin/account").await.csrf_token()
    }

    /// Posts a form's values as read from its page (`Page::form_values`, token included).
    pub async fn post_values(&self, path: &str, fields: &[(String, String)]) -> Page {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.post_raw(path, &pairs).await
    }

    /// Posts a form from a signed-in page: fetches a token, then posts with it.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get("/admin/account").await;
        self.post_form(path, &page, fields).await
    }

    /// Posts the same form `times` times at once (a double click, a retry storm): the status
    /// of each answer, in no particular order.
    pub async fn post_at_once(
        self: &std::sync::Arc<Self>,
        path: &str,
        fields: &[(&str, &str)],
        times: usize,
    ) -> Vec<reqwest::StatusCode> {
        let token = self.admin_token().await;
        let mut owned: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        owned.push(("csrf_token".into(), token));
        let tasks: Vec<_> = (0..times)
            .map(|_| {
                let (client, path, fields) = (self.clone(), path.to_owned(), owned.clone());
                tokio::spawn(async move {
                    let fields: Vec<(&str, &str)> = fields
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    client.post_raw(&path, &fields).await.status
                })
            })
            .collect();
        let mut statuses = Vec::with_capacity(times);
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        statuses
    }
}

/// The id at the end of a redirect's `Location` (`/admin/inventory/transfers/7` → 7).
pub fn id_of(page: &Page) -> i64 {
    page.location()
        .unwrap_or_else(|| panic!("no redirect: {} {}", page.status, page.body))
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}
