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

mod support;

use std::time::Duration;

use support::{cookies_of, drive, env_number, memory_kib, print_row, request, sign_in};

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
    let shop = support::start_shop();
    let (address, pid) = (shop.address.clone(), shop.pid);
    let (products, seed_time, cold_start) =
        (shop.products.clone(), shop.seed_time, shop.cold_start);
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
    // The customers' last page (10,000 customers, 50 a page) and searches that are all
    // different: a first name with a last name's start, 900 of them.
    let customer_deep_path = runtime.block_on(async {
        let mut path = "/admin/customers".to_owned();
        for _ in 0..env_number("BENCH_CUSTOMER_DEEP_PAGE", 199) {
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
    const FIRST: [&str; 30] = [
        "ada", "alan", "grace", "maya", "noah", "olivia", "liam", "emma", "lucas", "chloe", "hugo",
        "lea", "finn", "mia", "jonas", "sofia", "aoife", "sean", "isla", "jack", "amelia", "oscar",
        "zoe", "ethan", "hannah", "ravi", "priya", "mateo", "lena", "tom",
    ];
    const LAST: [&str; 30] = [
        "lov", "tur", "hop", "smi", "jon", "tay", "bro", "mar", "ber", "dub", "mul", "sch", "de",
        "jan", "mur", "obr", "wal", "wil", "ngu", "pat", "gar", "lop", "ros", "rus", "kow", "nov",
        "and", "berg", "eva", "cla",
    ];
    let customer_searches: Vec<String> = FIRST
        .iter()
        .flat_map(|first| LAST.iter().map(move |last| format!("{first}+{last}")))
        .map(|q| get(&format!("/admin/customers?q={q}"), &session))
        .collect();
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
            "inventory at one location",
            vec![get("/admin/inventory?location=1", &session)],
        ),
        (
            "inventory low stock at one location",
            vec![get("/admin/inventory?location=1&stock=low", &session)],
        ),
        (
            "inventory low anywhere",
            vec![get("/admin/inventory?stock=low", &session)],
        ),
        (
            "transfer list",
            vec![get("/admin/inventory/transfers", &session)],
        ),
        (
            "purchase order list",
            vec![get("/admin/inventory/purchase-orders", &session)],
        ),
        (
            "stocktake list",
            vec![get("/admin/inventory/counts", &session)],
        ),
        (
            "variant history",
            vec![get("/admin/inventory/variants/1", &session)],
        ),
        (
            "stock movements",
            vec![get("/admin/inventory/movements", &session)],
        ),
        (
            "low stock page",
            vec![get("/admin/inventory/reorder?location=1", &session)],
        ),
        ("customer list", vec![get("/admin/customers", &session)]),
        (
            "customer deep page",
            vec![get(&customer_deep_path, &session)],
        ),
        (
            "customer search",
            vec![get("/admin/customers?q=lovelace", &session)],
        ),
        ("customer search, every query new", customer_searches),
        (
            "customer filtered list",
            vec![get("/admin/customers?country=GB&tag=vip", &session)],
        ),
        ("customer page", vec![get("/admin/customers/1", &session)]),
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
        "{:<34} {:>10} {:>9} {:>9} {:>9} {:>8} {:>7} {:>12}",
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
        print_row(name, &outcome);
    }
    println!();
    println!(
        "server memory: {} MiB now, {} MiB peak (RSS)",
        memory_kib(pid, "VmRSS:") / 1024,
        memory_kib(pid, "VmHWM:") / 1024
    );
    drop(shop);
}
