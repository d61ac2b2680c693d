//! Memory benchmark: `cargo bench --bench memory`.
//!
//! The release server under the heaviest uploads it accepts, all at once: eight image uploads
//! of the largest image allowed (8,000 × 5,000 pixels, a small PNG that decodes to 120 MB)
//! and four CSV dry runs of a file near the 20 MB limit, while another client keeps loading
//! the dashboard. It prints the server's peak RSS during the burst, how every upload was
//! answered, the slowest dashboard meanwhile, and the RSS a minute later.
//!
//! Before the burst it sends one CSV dry run alone and prints the server's peak RSS during it.
//!
//! Bars (QUALITY, issues 10 and 19): one dry run alone under 150 MB; the burst's peak under
//! 400 MB, other pages answered meanwhile, under 150 MB within a minute. Environment:
//! `BENCH_BIN` (another server binary), `BENCH_SETTLE_SECONDS` (default 60), `BENCH_ONLY=single`
//! (the lone dry run only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_backroom");
const PASSWORD: &str = "demo-backroom-2026";

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn token_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a token") + marker.len();
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// A CSV just under 20 MB in Backroom's format: two variants a product.
fn big_csv() -> Vec<u8> {
    let mut csv = String::from(
        "handle,title,description,status,vendor,product_type,tags,category,seo_title,seo_description,option1_name,option1_value,option2_name,option2_value,option3_name,option3_value,sku,barcode,price,compare_at_price,cost,weight_grams,track_inventory,allow_backorder\n",
    );
    let mut i = 0;
    while csv.len() < 19 * 1024 * 1024 {
        for size in ["S", "M"] {
            csv.push_str(&format!(
                "bench-{i:06},Bench product {i:06},\"A sturdy everyday product, made to last; washed and finished by hand.\",active,Bench Mills,Thing,\"bench, sample, tag{t}\",,,,Size,{size},,,,,BENCH-{i:06}-{size},,{p}.50,,,250,true,false\n",
                t = i % 50,
                p = 10 + i % 90,
            ));
        }
        i += 1;
    }
    csv.into_bytes()
}

fn big_png() -> Vec<u8> {
    let mut bytes = Vec::new();
    image::RgbImage::from_pixel(8000, 5000, image::Rgb([30, 90, 140]))
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

#[tokio::main]
async fn main() {
    let bin = std::env::var("BENCH_BIN").unwrap_or_else(|_| BIN.to_owned());
    let settle = std::env::var("BENCH_SETTLE_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let data = tempfile::tempdir().unwrap();
    let seeded = Command::new(&bin)
        .args(["demo-data", "--products", "200"])
        .env("BACKROOM_DATA_DIR", data.path())
        .env("BACKROOM_LOG", "warn")
        .output()
        .unwrap();
    assert!(seeded.status.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(&bin)
        .arg("serve")
        .env("BACKROOM_DATA_DIR", data.path())
        .env("BACKROOM_BIND", format!("127.0.0.1:{port}"))
        .env("BACKROOM_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let pid = server.0.id();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        std::thread::sleep(Duration::from_millis(10));
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client.get(format!("{base}/login")).send().await.unwrap();
    let token = token_in(&login.text().await.unwrap());
    let signed_in = client
        .post(format!("{base}/login"))
        .header("Origin", &base)
        .form(&[
            ("email", "manager@demo.backroom.test"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let list = client
        .get(format!("{base}/admin/products"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = token_in(&list);
    let marker = "name=\"ids\" value=\"";
    let at = list.find(marker).unwrap() + marker.len();
    let product = list[at..at + list[at..].find('"').unwrap()].to_owned();
    let png = Arc::new(big_png());
    let csv = Arc::new(big_csv());
    println!(
        "Backroom memory benchmark: 8 image uploads ({} KB PNG, 8000 × 5000 px) and 4 CSV dry runs ({:.1} MB) at once",
        png.len() / 1024,
        csv.len() as f64 / 1024.0 / 1024.0
    );
    let idle_rss = rss_kib(pid);

    // One dry run alone: its peak is what one merchant's check costs.
    let (status, single_peak) = {
        let done = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let sampler = {
            let (done, peak) = (done.clone(), peak.clone());
            std::thread::spawn(move || {
                while !done.load(Ordering::Relaxed) {
                    peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
        };
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(csv.to_vec()).file_name("big.csv"),
            );
        let started = Instant::now();
        let response = client
            .post(format!("{base}/admin/products/import"))
            .header("Origin", &base)
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let _ = response.bytes().await;
        let took = started.elapsed();
        done.store(true, Ordering::Relaxed);
        sampler.join().unwrap();
        (
            format!("{status} in {:.1} s", took.as_secs_f64()),
            peak.load(Ordering::Relaxed),
        )
    };
    println!("server RSS before: {} MiB", idle_rss / 1024);
    println!(
        "one CSV dry run alone: {status}; peak RSS {} MiB (bar: 150)",
        single_peak / 1024
    );
    if std::env::var("BENCH_ONLY").as_deref() == Ok("single") {
        return;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;

    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(AtomicU64::new(0));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                peak.fetch_max(rss_kib(pid), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let started = Instant::now();
    let mut uploads = Vec::new();
    for _ in 0..8 {
        let (client, base, token, product, png) = (
            client.clone(),
            base.clone(),
            token.clone(),
            product.clone(),
            png.clone(),
        );
        uploads.push(tokio::spawn(async move {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(png.to_vec()).file_name("big.png"),
                );
            let response = client
                .post(format!("{base}/admin/products/{product}/images"))
                .header("Origin", &base)
                .multipart(form)
                .send()
                .await
                .unwrap();
            let location = response
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned())
                .unwrap_or_default();
            format!("image {} {}", response.status().as_u16(), location)
        }));
    }
    for _ in 0..4 {
        let (client, base, token, csv) = (client.clone(), base.clone(), token.clone(), csv.clone());
        uploads.push(tokio::spawn(async move {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", token)
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(csv.to_vec()).file_name("big.csv"),
                );
            let response = client
                .post(format!("{base}/admin/products/import"))
                .header("Origin", &base)
                .multipart(form)
                .send()
                .await
                .unwrap();
            format!("csv {}", response.status().as_u16())
        }));
    }
    // Meanwhile, someone else keeps using the shop's pages.
    let other = {
        let (client, base, done) = (client.clone(), base.clone(), done.clone());
        tokio::spawn(async move {
            let (mut slowest, mut answered, mut failed) = (Duration::ZERO, 0, 0);
            while !done.load(Ordering::Relaxed) {
                let at = Instant::now();
                match client.get(format!("{base}/admin")).send().await {
                    Ok(r) if r.status() == 200 => answered += 1,
                    _ => failed += 1,
                }
                slowest = slowest.max(at.elapsed());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (slowest, answered, failed)
        })
    };
    let mut outcomes = Vec::new();
    for upload in uploads {
        outcomes.push(upload.await.unwrap());
    }
    let burst = started.elapsed();
    done.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let (slowest, answered, failed) = other.await.unwrap();
    outcomes.sort();
    let mut counted: Vec<(String, usize)> = Vec::new();
    for outcome in outcomes {
        let key = outcome
            .split("upload_error=")
            .last()
            .map(|_| outcome.clone())
            .unwrap_or_default();
        match counted.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counted.push((key, 1)),
        }
    }
    println!(
        "burst: {:.1} s; peak RSS {} MiB",
        burst.as_secs_f64(),
        peak.load(Ordering::Relaxed) / 1024
    );
    for (outcome, n) in counted {
        println!("  {n} × {outcome}");
    }
    println!(
        "dashboard meanwhile: {answered} answered, {failed} failed, slowest {} ms",
        slowest.as_millis()
    );
    let mut after = 0;
    for second in 1..=settle {
        std::thread::sleep(Duration::from_secs(1));
        after = rss_kib(pid);
        if second % 15 == 0 {
            println!("RSS {second} s after: {} MiB", after / 1024);
        }
    }
    println!("RSS {settle} s after: {} MiB", after / 1024);
}
