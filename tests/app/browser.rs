//! The main flow in a real browser (Debian's chromium through chromedriver): setup → dashboard →
//! sign out → sign in, with screenshots at desktop and phone widths under target/screenshots/.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Db, TestApp};
use fantoccini::{Client, ClientBuilder, Locator};

/// How long a browser test waits for a page or an element: generous, because the whole suite
/// (both databases, other browsers) may be running on two cores meanwhile.
pub(crate) const WAIT: Duration = Duration::from_secs(20);

pub(crate) struct Driver {
    process: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Ok(path) = std::env::var(env) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

pub(crate) fn start_driver() -> Option<Driver> {
    let chromedriver = find_program("BACKROOM_CHROMEDRIVER", &["chromedriver"])?;
    find_program(
        "BACKROOM_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )?;
    // Two tests may be handed the same free port; the loser's chromedriver exits at once, and
    // its test would then talk to the other test's driver until that one stops. So: check that
    // our own process is the one still running, and take another port if not.
    for _ in 0..5 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let process = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let mut driver = Driver { process, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if matches!(driver.process.try_wait(), Ok(Some(_))) {
                break;
            }
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                std::thread::sleep(Duration::from_millis(300));
                if matches!(driver.process.try_wait(), Ok(None)) {
                    return Some(driver);
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    None
}

pub(crate) async fn browser(driver: &Driver, profile: &std::path::Path) -> Client {
    let chromium = find_program(
        "BACKROOM_CHROMIUM",
        &["chromium", "chromium-browser", "google-chrome"],
    )
    .unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium,
            "args": ["--headless", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--hide-scrollbars", format!("--user-data-dir={}", profile.display())]
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session")
}

/// A browser on a fresh app: the driver, its profile directory, the WebDriver client and the
/// app. `None` (with a SKIPPED line, or a failure when everything is required) without
/// chromium.
pub(crate) struct BrowserRun {
    pub client: Client,
    pub app: TestApp,
    _profile: tempfile::TempDir,
    _driver: Driver,
}

pub(crate) async fn browser_run(what: &str) -> Option<BrowserRun> {
    let Some(driver) = start_driver() else {
        crate::common::skip(
            what,
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
        );
        return None;
    };
    let app = TestApp::spawn(Db::Sqlite).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    Some(BrowserRun {
        client,
        app,
        _profile: profile,
        _driver: driver,
    })
}

pub(crate) fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves the page at 1440 px and at 375 px wide.
pub(crate) async fn shoot(client: &Client, name: &str) {
    for (width, height) in [(1440, 900), (375, 812)] {
        client.set_window_size(width, height).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let png = client.screenshot().await.unwrap();
        std::fs::write(screenshot_dir().join(format!("{name}-{width}.png")), png).unwrap();
    }
    client.set_window_size(1440, 900).await.unwrap();
}

pub(crate) async fn wait_for_path(client: &Client, path: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let url = client.current_url().await.unwrap();
        if url.path() == path {
            return;
        }
        assert!(Instant::now() < deadline, "expected {path}, still at {url}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Types `value` into a field, waiting for it to appear first (it may come with an htmx swap
/// that is still on its way, as a list row's editor does).
pub(crate) async fn fill(client: &Client, css: &str, value: &str) {
    let field = wait_find(client, css).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// The text of an element, waiting for it to appear (after a click the new page may still load).
pub(crate) async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merchant_sets_up_signs_in_sees_the_dashboard_and_signs_out() {
    let Some(run) = browser_run("browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    let token = app.setup_token.clone().unwrap();

    // Setup: the form, a mistake, then the owner account.
    client
        .goto(&app.url(&format!("/setup/{token}")))
        .await
        .unwrap();
    assert_eq!(text_of(client, "h1").await, "Set up Backroom");
    fill(client, "#f-shop_name", "Harbour Supply Co.").await;
    fill(client, "#f-name", "Hana Harbour").await;
    fill(client, "#f-email", "hana@harbour.test").await;
    fill(client, "#f-password", crate::common::PASSWORD).await;
    fill(
        client,
        "#f-password_confirmation",
        "something else entirely",
    )
    .await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let error = text_of(client, "#f-password_confirmation-error").await;
    assert_eq!(error, "The two passwords don't match.");
    assert_eq!(
        client
            .find(Locator::Css("#f-email"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("hana@harbour.test")
    );
    shoot(client, "01-setup-with-error").await;
    fill(client, "#f-password", crate::common::PASSWORD).await;
    fill(client, "#f-password_confirmation", crate::common::PASSWORD).await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // The dashboard, signed in as the owner.
    wait_for_path(client, "/admin").await;
    assert_eq!(text_of(client, "h1").await, "Dashboard");
    assert_eq!(text_of(client, ".brand-name").await, "Harbour Supply Co.");
    assert!(text_of(client, ".flash-success").await.contains("Welcome"));
    shoot(client, "02-dashboard").await;

    // Keyboard: the skip link is the first stop and shows where focus is.
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let focused = client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("class").await.unwrap().as_deref(),
        Some("skip-link")
    );
    let outline: String = client
        .execute(
            "return getComputedStyle(document.activeElement).outlineStyle",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(outline, "solid", "focus is visible");
    shoot(client, "03-keyboard-focus").await;

    // Staff pages render at both widths.
    client.goto(&app.url("/admin/staff/new")).await.unwrap();
    shoot(client, "04-new-staff").await;
    client.goto(&app.url("/admin/audit")).await.unwrap();
    shoot(client, "05-audit-log").await;
    client.goto(&app.url("/admin/no-such-page")).await.unwrap();
    assert_eq!(text_of(client, "h1").await, "Page not found");
    shoot(client, "06-not-found").await;

    // Sign out, then back in.
    client.goto(&app.url("/admin")).await.unwrap();
    client
        .find(Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/login").await;
    assert!(text_of(client, ".flash-info").await.contains("signed out"));
    shoot(client, "07-signed-out").await;
    client.goto(&app.url("/admin")).await.unwrap();
    wait_for_path(client, "/login").await;
    fill(client, "#f-email", "hana@harbour.test").await;
    fill(client, "#f-password", "wrong password here").await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(
        text_of(client, "#sign-in-error").await,
        "The email or password is incorrect."
    );
    shoot(client, "08-sign-in-error").await;
    fill(client, "#f-password", crate::common::PASSWORD).await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/admin").await;
    assert_eq!(text_of(client, "h1").await, "Dashboard");

    // No request left for another host: every resource came from the app.
    let foreign: i64 = client
        .execute("return performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin)).length", vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap();
    assert_eq!(foreign, 0);
    client.clone().close().await.unwrap();
}

pub(crate) async fn set_up_owner(client: &Client, app: &TestApp) {
    let token = app.setup_token.clone().unwrap();
    client
        .goto(&app.url(&format!("/setup/{token}")))
        .await
        .unwrap();
    fill(client, "#f-shop_name", "Harbour Supply Co.").await;
    fill(client, "#f-name", "Hana Harbour").await;
    fill(client, "#f-email", "hana@harbour.test").await;
    fill(client, "#f-password", crate::common::PASSWORD).await;
    fill(client, "#f-password_confirmation", crate::common::PASSWORD).await;
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/admin").await;
}

/// Finds an element, waiting for it to appear.
pub(crate) async fn wait_find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

pub(crate) async fn count_of(client: &Client, css: &str) -> usize {
    client.find_all(Locator::Css(css)).await.unwrap().len()
}

/// Waits until `css` matches exactly `n` elements (htmx swaps land asynchronously).
pub(crate) async fn wait_for_count(client: &Client, css: &str, n: usize) {
    let deadline = Instant::now() + WAIT;
    loop {
        let found = count_of(client, css).await;
        if found == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css}: expected {n}, found {found}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merchant_creates_a_product_with_options_finds_it_and_bulk_archives_it() {
    let Some(run) = browser_run("catalog browser test").await else {
        return;
    };
    let (client, app) = (&run.client, &run.app);
    set_up_owner(client, app).await;

    // A product with two options: the variants appear when the options are set.
    client.goto(&app.url("/admin/products/new")).await.unwrap();
    shoot(client, "10-new-product").await;
    fill(client, "#f-title", "Harbour Rain Jacket").await;
    fill(client, "#f-vendor", "Harbour Mills").await;
    fill(client, "#f-option1_name", "Size").await;
    fill(client, "#f-option1_values", "S, M").await;
    fill(client, "#f-option2_name", "Colour").await;
    fill(client, "#f-option2_values", "Olive, Navy").await;
    wait_find(client, "button[value=variants]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_count(client, ".variant-table tbody tr", 4).await;
    assert_eq!(
        text_of(client, ".variant-table tbody tr:nth-child(4) th").await,
        "M / Navy"
    );
    for price in client
        .find_all(Locator::Css("input[name$=_price]"))
        .await
        .unwrap()
    {
        price.clear().await.unwrap();
        price.send_keys("149.00").await.unwrap();
    }
    shoot(client, "11-product-variants").await;
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(client, ".flash-success").await, "Product created.");
    assert_eq!(count_of(client, ".variant-table tbody tr").await, 4);
    shoot(client, "12-product-saved").await;

    // Another product, so the search has something to leave out.
    client.goto(&app.url("/admin/products/new")).await.unwrap();
    fill(client, "#f-title", "Stoneware Mug").await;
    fill(client, "#v0_price", "18").await;
    wait_find(client, ".save-bar button[value=save]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(client, ".flash-success").await, "Product created.");

    // Live search finds it by title and by SKU.
    client.goto(&app.url("/admin/products")).await.unwrap();
    wait_for_count(client, "#product-results tbody tr", 2).await;
    fill(client, "#f-q", "rain jack").await;
    wait_for_count(client, "#product-results tbody tr", 1).await;
    assert_eq!(
        text_of(client, "#product-results tbody td a").await,
        "Harbour Rain Jacket"
    );
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.query(),
        Some("q=rain+jack"),
        "the view has a shareable URL"
    );
    shoot(client, "13-product-search").await;
    // Numbers line up on the right in every table, headers included.
    let alignments = client
        .execute(
            "return [...document.querySelectorAll('table .num')].map(e => getComputedStyle(e).textAlign)",
            vec![],
        )
        .await
        .unwrap();
    let alignments: Vec<String> = alignments
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(!alignments.is_empty());
    assert!(alignments.iter().all(|a| a == "right"), "{alignments:?}");
    fill(client, "#f-q", "HARBOUR-RAIN-JACKET-M-NAVY").await;
    // The swap is done when the address bar shows the new search.
    let deadline = Instant::now() + WAIT;
    while !client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("HARBOUR-RAIN-JACKET-M-NAVY")
    {
        assert!(Instant::now() < deadline, "the SKU search did not land");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_for_count(client, "#product-results tbody tr", 1).await;

    // Bulk-archive it: tick, choose, preview, apply.
    wait_find(client, "#product-results input[name=ids]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, "#bulk-form button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/admin/products/bulk").await;
    wait_find(client, "#f-operation option[value=archive]")
        .await
        .click()
        .await
        .unwrap();
    wait_find(
        client,
        "form[action^='/admin/products/bulk/preview'] button",
    )
    .await
    .click()
    .await
    .unwrap();
    assert_eq!(text_of(client, "#preview-changing").await, "1");
    assert!(
        text_of(client, "#preview-rows tbody tr")
            .await
            .contains("status archived")
    );
    shoot(client, "14-bulk-preview").await;
    wait_find(client, "form[action='/admin/products/bulk/apply'] button")
        .await
        .click()
        .await
        .unwrap();
    // It asks first, in a dialog that says what will happen; Cancel leaves everything as is.
    let question = text_of(client, "dialog.confirm-dialog[open] p").await;
    assert!(question.contains("1 product will change"), "{question}");
    shoot(client, "14b-bulk-confirm").await;
    wait_find(client, "dialog.confirm-dialog[open] button[value=no]")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(text_of(client, "#preview-changing").await, "1");
    wait_find(client, "form[action='/admin/products/bulk/apply'] button")
        .await
        .click()
        .await
        .unwrap();
    wait_find(client, "dialog.confirm-dialog[open] button[value=yes]")
        .await
        .click()
        .await
        .unwrap();
    assert!(
        text_of(client, ".flash-success")
            .await
            .contains("1 product changed")
    );
    shoot(client, "15-change-set").await;
    let set_url = client.current_url().await.unwrap().to_string();
    client
        .goto(&app.url("/admin/products?status=archived"))
        .await
        .unwrap();
    wait_for_count(client, "#product-results tbody tr", 1).await;
    assert_eq!(
        text_of(client, "#product-results tbody td a").await,
        "Harbour Rain Jacket"
    );
    shoot(client, "16-archived-list").await;

    // A long run's page: its bar updates by itself, and the page reloads when the run ends.
    let set_id: i64 = set_url.rsplit('/').next().unwrap().parse().unwrap();
    let set_job =
        |status: &'static str, set_status: &'static str, age_minutes: i64, done: i64| {
            use backroom::db::schema::{change_sets, jobs};
            use diesel::prelude::*;
            app.with_db(|conn| {
                let job: i64 = change_sets::table
                    .find(set_id)
                    .select(change_sets::job_id)
                    .first::<Option<i64>>(conn)
                    .unwrap()
                    .unwrap();
                diesel::update(jobs::table.find(job))
                    .set((
                        jobs::status.eq(status),
                        jobs::done.eq(done),
                        jobs::heartbeat_at
                            .eq(chrono::Utc::now().naive_utc()
                                - chrono::Duration::minutes(age_minutes)),
                    ))
                    .execute(conn)
                    .unwrap();
                diesel::update(change_sets::table.find(set_id))
                    .set(change_sets::status.eq(set_status))
                    .execute(conn)
                    .unwrap();
            })
        };
    set_job("running", "applying", 0, 0);
    client.goto(&set_url).await.unwrap();
    assert_eq!(text_of(client, "#job-progress h2").await, "Working…");
    shoot(client, "17-run-in-progress").await;
    set_job("done", "applied", 0, 1);
    for _ in 0..50 {
        if count_of(client, "#job-progress").await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        count_of(client, "#job-progress").await,
        0,
        "htmx reloaded the page"
    );
    assert_eq!(text_of(client, "#set-state").await, "Applied");

    // Interrupted: resumable from the keyboard.
    set_job("running", "applying", 10, 1);
    client.goto(&set_url).await.unwrap();
    assert_eq!(text_of(client, "#job-progress h2").await, "Interrupted");
    shoot(client, "18-run-interrupted").await;
    wait_find(client, "#job-progress form button")
        .await
        .click()
        .await
        .unwrap();
    assert!(
        text_of(client, ".flash-success")
            .await
            .contains("1 product changed")
    );
    assert_eq!(text_of(client, "#set-state").await, "Applied");
    client.clone().close().await.unwrap();
}
