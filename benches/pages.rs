//! Page benchmark: `cargo bench --bench pages`.
//!
//! Seeds a demo shop in a temporary directory, starts the release `backroom` binary, signs in as
//! the demo manager and drives each page with 32 concurrent keep-alive connections for a fixed
//! time, then prints requests/s, latency percentiles, response size and the server's memory.
//!
//! Environment: `BENCH_SECONDS` (default 10) per page, `BENCH_CONNECTIONS` (default 32),
//! `BENCH_LOG` (server log filter, default `info` as in production), `BENCH_PAGES` (comma list
//! of page-name prefixes to run, default all), `BENCH_BIN` (another server binary to measure).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_backroom");

/// The server binary: this build's, or `BENCH_BIN` (to compare two builds on the same data).
fn server_binary() -> String {
    std::env::var("BENCH_BIN").unwrap_or_else(|_| BIN.to_owned())
}
const DEMO_PASSWORD: &str = "demo-backroom-2026";

/// The server process, stopped with SIGTERM when dropped.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One HTTP/1.1 response read from a keep-alive connection.
struct Response {
    status: u16,
    head: String,
    body_len: usize,
    body: Vec<u8>,
}

async fn read_response(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    keep_body: bool,
) -> std::io::Result<Response> {
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
            let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            let total = end + 4 + length;
            while buffer.len() < total {
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            let body = if keep_body {
                buffer[end + 4..total].to_vec()
            } else {
                Vec::new()
            };
            buffer.drain(..total);
            return Ok(Response {
                status,
                head,
                body_len: length,
                body,
            });
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
}

async fn request(address: &str, raw: &str) -> Response {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut buffer = Vec::new();
    read_response(&mut stream, &mut buffer, true).await.unwrap()
}

fn cookies_of(head: &str) -> Vec<String> {
    head.lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
        .collect()
}

fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("hidden field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// Signs in like a browser; returns the Cookie header to send.
async fn sign_in(address: &str, email: &str) -> String {
    let page = request(
        address,
        &format!("GET /login HTTP/1.1\r\nHost: {address}\r\n\r\n"),
    )
    .await;
    let pre_cookie = cookies_of(&page.head).join("; ");
    let token = hidden_value(&String::from_utf8_lossy(&page.body), "csrf_token");
    let body = format!(
        "email={}&password={}&csrf_token={token}",
        email.replace('@', "%40"),
        DEMO_PASSWORD.replace(' ', "+")
    );
    let raw = format!(
        "POST /login HTTP/1.1\r\nHost: {address}\r\nCookie: {pre_cookie}\r\nOrigin: http://{address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let response = request(address, &raw).await;
    assert_eq!(response.status, 303, "sign-in failed: {}", response.head);
    cookies_of(&response.head)
        .into_iter()
        .filter(|c| c.starts_with("backroom_session="))
        .collect::<Vec<_>>()
        .join("; ")
}

struct Outcome {
    requests: u64,
    errors: u64,
    bytes: usize,
    latencies_us: Vec<u64>,
    elapsed: Duration,
    /// The server's CPU time (user + system) while measuring.
    server_cpu: Duration,
}

async fn drive(
    pid: u32,
    address: String,
    requests: Vec<String>,
    connections: u64,
    warmup: Duration,
    duration: Duration,
) -> Outcome {
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    let requests = Arc::new(requests);
    for connection in 0..connections {
        let (address, requests, measuring, stop) = (
            address.clone(),
            requests.clone(),
            measuring.clone(),
            stop.clone(),
        );
        // Connections start at different places in a list of requests and walk through it.
        let mut next = connection as usize * 7;
        tasks.push(tokio::spawn(async move {
            let mut stream = TcpStream::connect(&address).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let mut buffer = Vec::with_capacity(128 * 1024);
            let (mut latencies, mut errors, mut bytes) =
                (Vec::with_capacity(100_000), 0u64, 0usize);
            while !stop.load(Ordering::Relaxed) {
                let raw = &requests[next % requests.len()];
                next += 1;
                let started = Instant::now();
                if stream.write_all(raw.as_bytes()).await.is_err() {
                    errors += 1;
                    break;
                }
                match read_response(&mut stream, &mut buffer, false).await {
                    Ok(response) => {
                        if measuring.load(Ordering::Relaxed) {
                            latencies.push(started.elapsed().as_micros() as u64);
                            bytes = response.body_len;
                            if !(200..400).contains(&response.status) {
                                errors += 1;
                            }
                        }
                    }
                    Err(_) => {
                        errors += 1;
                        break;
                    }
                }
            }
            (latencies, errors, bytes)
        }));
    }
    tokio::time::sleep(warmup).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    let cpu_before = cpu_time(pid);
    tokio::time::sleep(duration).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    let server_cpu = cpu_time(pid).saturating_sub(cpu_before);
    stop.store(true, Ordering::Relaxed);
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        bytes: 0,
        latencies_us: Vec::new(),
        elapsed,
        server_cpu,
    };
    for task in tasks {
        let (latencies, errors, bytes) = task.await.unwrap();
        outcome.requests += latencies.len() as u64;
        outcome.errors += errors;
        outcome.bytes = outcome.bytes.max(bytes);
        outcome.latencies_us.extend(latencies);
    }
    outcome.latencies_us.sort_unstable();
    outcome
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

/// A process's CPU time so far (user + system), from `/proc/<pid>/stat`, in clock ticks of
/// 10 ms. Unlike requests/s, CPU per request hardly moves when the shared machine is busy.
fn cpu_time(pid: u32) -> Duration {
    let ticks = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            // Fields after the command name (which may hold spaces) start at state, field 3.
            let rest = &s[s.rfind(')')? + 2..];
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let user: u64 = fields.get(11)?.parse().ok()?;
            let system: u64 = fields.get(12)?.parse().ok()?;
            Some(user + system)
        })
        .unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn memory_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` would pass nothing useful: run only on bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds = env_number("BENCH_SECONDS", 10);
    let connections = env_number("BENCH_CONNECTIONS", 32);
    let only: Option<Vec<String>> = std::env::var("BENCH_PAGES")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_owned()).collect());
    let data = tempfile::tempdir().unwrap();
    let products = env_number("BENCH_PRODUCTS", 10_000).to_string();
    let seeded_at = Instant::now();
    let seeded = Command::new(server_binary())
        .args(["demo-data", "--products", &products])
        .env("BACKROOM_DATA_DIR", data.path())
        .env("BACKROOM_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        seeded.status.success(),
        "demo-data failed: {}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let seed_time = seeded_at.elapsed();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let address = format!("127.0.0.1:{port}");
    let started_at = Instant::now();
    let child = Command::new(server_binary())
        .arg("serve")
        .env("BACKROOM_DATA_DIR", data.path())
        .env("BACKROOM_BIND", &address)
        .env(
            "BACKROOM_LOG",
            std::env::var("BENCH_LOG").unwrap_or_else(|_| "info".into()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server { child };
    while std::net::TcpStream::connect(&address).is_err() {
        assert!(
            started_at.elapsed() < Duration::from_secs(30),
            "server did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let cold_start = started_at.elapsed();
    let pid = server.child.id();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let session = runtime.block_on(sign_in(&address, "manager@demo.backroom.test"));
    let pre = runtime.block_on(async {
        let page = request(
            &address,
            &format!("GET /login HTTP/1.1\r\nHost: {address}\r\n\r\n"),
        )
        .await;
        cookies_of(&page.head).join("; ")
    });
    let get = |path: &str, cookie: &str| {
        format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\r\n")
    };
    // A deep page: follow "Next" from the first page BENCH_DEEP_PAGE times (default 199, the
    // last page of 10,000 products; 999 for the 100,000-product run).
    let deep_page = env_number("BENCH_DEEP_PAGE", 199);
    let deep_path = runtime.block_on(async {
        let mut path = "/admin/products".to_owned();
        for _ in 0..deep_page {
            let page = request(&address, &get(&path, &session)).await;
            let body = String::from_utf8_lossy(&page.body).into_owned();
            let Some(end) = body.find(">Next</a>") else {
                break;
            };
            let before = &body[..end];
            let Some(start) = before.rfind("href=\"") else {
                break;
            };
            let href = &before[start + 6..];
            path = href[..href.find('"').unwrap_or(href.len())].replace("&amp;", "&");
        }
        path
    });
    // Searches that are all different: two words from the demo titles ("Harbour Linen",
    // "Wool Mug", …), 432 of them, more than the search cache holds, walked in turn so that
    // every request runs the full-text query and the sort afresh (the cache's miss path).
    const ADJECTIVES: [&str; 12] = [
        "classic", "everyday", "heritage", "coastal", "field", "harbour", "studio", "alpine",
        "market", "weekend", "workshop", "meadow",
    ];
    const MATERIALS: [&str; 12] = [
        "linen",
        "cotton",
        "wool",
        "canvas",
        "leather",
        "oak",
        "stoneware",
        "cashmere",
        "denim",
        "brass",
        "recycled",
        "merino",
    ];
    const ITEMS: [&str; 12] = [
        "shirt", "sweater", "jacket", "chinos", "tote", "cap", "scarf", "mug", "duvet", "lamp",
        "notebook", "pen",
    ];
    let mut fresh_searches = Vec::new();
    for (i, material) in MATERIALS.iter().enumerate() {
        for (j, item) in ITEMS.iter().enumerate() {
            let adjective = ADJECTIVES[(i + j) % ADJECTIVES.len()];
            for q in [
                format!("{material}+{item}"),
                format!("{adjective}+{item}"),
                format!("{adjective}+{material}"),
            ] {
                fresh_searches.push(get(&format!("/admin/products?q={q}"), &session));
            }
        }
    }
    let pages: Vec<(&str, Vec<String>)> = vec![
        (
            "static asset (ceiling)",
            vec![get("/static/css/app.css", "")],
        ),
        ("sign-in page", vec![get("/login", &pre)]),
        ("dashboard", vec![get("/admin", &session)]),
        ("product list", vec![get("/admin/products", &session)]),
        ("deep list page", vec![get(&deep_path, &session)]),
        (
            "product search",
            vec![get("/admin/products?q=linen+shirt", &session)],
        ),
        ("product search, every query new", fresh_searches),
        (
            "filtered list",
            vec![get(
                "/admin/products?status=active&category=2&sort=price_asc",
                &session,
            )],
        ),
        (
            "product edit page",
            vec![get("/admin/products/1", &session)],
        ),
        ("inventory list", vec![get("/admin/inventory", &session)]),
        (
            "inventory low stock at one location",
            vec![get("/admin/inventory?location=1&stock=low", &session)],
        ),
        (
            "variant history",
            vec![get("/admin/inventory/variants/1", &session)],
        ),
        (
            "stock movements",
            vec![get("/admin/inventory/movements", &session)],
        ),
    ];

    println!();
    println!(
        "Backroom page benchmark: {connections} connections, {seconds} s per page, server and load generator on this machine"
    );
    println!(
        "demo data: {products} products seeded in {} ms",
        seed_time.as_millis()
    );
    println!(
        "cold start to accepting connections: {} ms",
        cold_start.as_millis()
    );
    println!("deep page: {deep_path}");
    println!();
    println!(
        "{:<32} {:>10} {:>9} {:>9} {:>9} {:>8} {:>7} {:>12}",
        "page", "req/s", "p50 ms", "p99 ms", "max ms", "bytes", "errors", "CPU µs/req"
    );
    for (name, requests) in pages {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|p| name.starts_with(p.as_str())))
        {
            continue;
        }
        let outcome = runtime.block_on(drive(
            pid,
            address.clone(),
            requests,
            connections,
            Duration::from_secs(2),
            Duration::from_secs(seconds),
        ));
        println!(
            "{:<32} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>8} {:>7} {:>12.0}",
            name,
            outcome.requests as f64 / outcome.elapsed.as_secs_f64(),
            percentile(&outcome.latencies_us, 0.50),
            percentile(&outcome.latencies_us, 0.99),
            percentile(&outcome.latencies_us, 1.0),
            outcome.bytes,
            outcome.errors,
            outcome.server_cpu.as_micros() as f64 / outcome.requests.max(1) as f64
        );
    }
    println!();
    println!(
        "server memory: {} MiB now, {} MiB peak (RSS)",
        memory_kib(pid, "VmRSS:") / 1024,
        memory_kib(pid, "VmHWM:") / 1024
    );
    drop(server);
}
