//! Stock benchmark: `cargo bench --bench stock`.
//!
//! On a seeded demo shop (`BENCH_PRODUCTS`, default 10,000) served by the release binary, on
//! SQLite with `synchronous = FULL` as it runs in production:
//! - the single-row commit rate of this disk (a SQLite file beside the shop's, WAL,
//!   `synchronous = FULL`, one insert per transaction): the ceiling for any write;
//! - stock adjustments ("add 1, received") through HTTP at `BENCH_CONNECTIONS` (default 32)
//!   concurrent clients, all on the same level, then `backroom check` on the ledger;
//! - that variant's history (now thousands of movements): page 1 beside page 100.
//!
//! `BENCH_SECONDS` (default 10) per measurement.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use support::{drive, env_number, hidden_value, memory_kib, print_row, request, sign_in};

/// Commits per second of one-row transactions on a fresh SQLite file in `dir`.
fn disk_commit_rate(dir: &Path, seconds: u64) -> f64 {
    let path = dir.join("commit-rate.db");
    let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
    conn.batch_execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE t (x INTEGER);",
    )
    .unwrap();
    let started = Instant::now();
    let mut commits = 0u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        conn.batch_execute("INSERT INTO t VALUES (1);").unwrap();
        commits += 1;
    }
    commits as f64 / started.elapsed().as_secs_f64()
}

/// The value of the `<option>` labelled `label` in `html`.
fn option_value(html: &str, label: &str) -> String {
    let end = html.find(&format!("\">{label}</option>")).expect("option");
    let start = html[..end].rfind("value=\"").unwrap() + 7;
    html[start..end].to_owned()
}

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let seconds = env_number("BENCH_SECONDS", 10);
    let connections = env_number("BENCH_CONNECTIONS", 32);
    let shop = support::start_shop();
    let address = shop.address.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let session = runtime.block_on(sign_in(&address, "manager@demo.backroom.test"));
    let get =
        |path: &str| format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nCookie: {session}\r\n\r\n");

    println!();
    println!(
        "Backroom stock benchmark: {} products, {connections} connections, {seconds} s each, SQLite synchronous=FULL",
        shop.products
    );
    let commits = disk_commit_rate(shop.data.path(), seconds.min(5));
    println!("this disk: {commits:.0} single-row commits/s (SQLite, WAL, synchronous=FULL)");

    // The adjust form, as the page gives it: its token and the reason's id.
    let form = runtime.block_on(request(&address, &get("/admin/inventory/adjust?variant=1")));
    let html = String::from_utf8_lossy(&form.body).into_owned();
    let token = hidden_value(&html, "csrf_token");
    let received = option_value(&html, "Received");
    let body = format!(
        "variant=1&location=1&mode=add&quantity=1&reason={received}&note=&back=%2Fadmin%2Finventory&csrf_token={token}"
    );
    let post = format!(
        "POST /admin/inventory/adjust HTTP/1.1\r\nHost: {address}\r\nCookie: {session}\r\nOrigin: http://{address}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    println!();
    println!(
        "{:<34} {:>10} {:>9} {:>9} {:>9} {:>8} {:>7} {:>12}",
        "", "per s", "p50 ms", "p99 ms", "max ms", "bytes", "errors", "CPU µs/req"
    );
    let adjusted = runtime.block_on(drive(
        shop.pid,
        address.clone(),
        vec![post],
        connections,
        Duration::from_secs(2),
        Duration::from_secs(seconds),
    ));
    print_row("stock adjustments (one level)", &adjusted);

    // The history of the variant just adjusted: page 1 and page 100 (following "Older").
    let first = "/admin/inventory/variants/1".to_owned();
    let hundredth = runtime.block_on(async {
        let mut path = first.clone();
        for _ in 0..99 {
            let page = request(&address, &get(&path)).await;
            let body = String::from_utf8_lossy(&page.body).into_owned();
            let Some(end) = body.find(">Older</a>") else {
                panic!("no page after {path}: too few movements");
            };
            let before = &body[..end];
            let start = before.rfind("href=\"").unwrap() + 6;
            path = before[start..]
                .split('"')
                .next()
                .unwrap()
                .replace("&amp;", "&");
        }
        path
    });
    for (name, path) in [("history page 1", &first), ("history page 100", &hundredth)] {
        let outcome = runtime.block_on(drive(
            shop.pid,
            address.clone(),
            vec![get(path)],
            connections,
            Duration::from_secs(2),
            Duration::from_secs(seconds),
        ));
        print_row(name, &outcome);
    }

    let checked = Command::new(support::server_binary())
        .arg("check")
        .env("BACKROOM_DATA_DIR", shop.data.path())
        .env("BACKROOM_LOG", "warn")
        .output()
        .unwrap();
    println!();
    println!(
        "backroom check after the adjustments: {} ({})",
        if checked.status.success() {
            "ledger intact"
        } else {
            "DIFFERENCES"
        },
        String::from_utf8_lossy(&checked.stdout).trim()
    );
    println!(
        "server memory: {} MiB now, {} MiB peak (RSS)",
        memory_kib(shop.pid, "VmRSS:") / 1024,
        memory_kib(shop.pid, "VmHWM:") / 1024
    );
    assert!(checked.status.success(), "the ledger does not add up");
}
