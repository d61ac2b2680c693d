//! What the benchmarks share: a seeded demo shop served by the release binary, signing in,
//! raw HTTP/1.1 on keep-alive connections, driving a page with many connections, and the
//! server's CPU time and memory. `mod support;` in each bench (a folder, so that Cargo does not
//! take it for a bench of its own).
#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const BIN: &str = env!("CARGO_BIN_EXE_backroom");

/// The server binary: this build's, or `BENCH_BIN` (to compare two builds on the same data).
pub fn server_binary() -> String {
    std::env::var("BENCH_BIN").unwrap_or_else(|_| BIN.to_owned())
}
pub const DEMO_PASSWORD: &str = "demo-backroom-2026";

/// The server process, stopped with SIGTERM when dropped.
pub struct Server {
    pub child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

pub fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One HTTP/1.1 response read from a keep-alive connection.
pub struct Response {
    pub status: u16,
    pub head: String,
    pub body_len: usize,
    pub body: Vec<u8>,
}

pub async fn read_response(
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

pub async fn request(address: &str, raw: &str) -> Response {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut buffer = Vec::new();
    read_response(&mut stream, &mut buffer, true).await.unwrap()
}

pub fn cookies_of(head: &str) -> Vec<String> {
    head.lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
        .collect()
}

pub fn hidden_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("hidden field") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// Signs in like a browser; returns the Cookie header to send.
pub async fn sign_in(address: &str, email: &str) -> String {
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

pub struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub bytes: usize,
    pub latencies_us: Vec<u64>,
    pub elapsed: Duration,
    /// The server's CPU time (user + system) while measuring.
    pub server_cpu: Duration,
}

pub async fn drive(
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

pub fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index] as f64 / 1000.0
}

/// A process's CPU time so far (user + system), from `/proc/<pid>/stat`, in clock ticks of
/// 10 ms. Unlike requests/s, CPU per request hardly moves when the shared machine is busy.
pub fn cpu_time(pid: u32) -> Duration {
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

pub fn memory_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// One line of a results table: requests (or writes) per second, latencies, size, errors
/// and the server's CPU time per request.
pub fn print_row(name: &str, outcome: &Outcome) {
    println!(
        "{:<34} {:>10.0} {:>9.2} {:>9.2} {:>9.2} {:>8} {:>7} {:>12.0}",
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

/// A demo shop being served: its data directory, the server and how long each took.
pub struct Shop {
    pub data: tempfile::TempDir,
    pub server: Server,
    pub address: String,
    pub pid: u32,
    pub products: String,
    pub seed_time: Duration,
    pub cold_start: Duration,
}

/// Seeds a demo shop of `BENCH_PRODUCTS` products and `BENCH_CUSTOMERS` customers (default
/// 10,000 each) and starts the server on it.
pub fn start_shop() -> Shop {
    let data = tempfile::tempdir().unwrap();
    let products = env_number("BENCH_PRODUCTS", 10_000).to_string();
    let customers = env_number("BENCH_CUSTOMERS", 10_000).to_string();
    let seeded_at = Instant::now();
    let seeded = Command::new(server_binary())
        .args([
            "demo-data",
            "--products",
            &products,
            "--customers",
            &customers,
        ])
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

    Shop {
        data,
        server,
        address,
        pid,
        products,
        seed_time,
        cold_start,
    }
}
