//! `coopfed-bench`: benchmarks that print figures. Each starts real `coopfed`
//! servers on loopback with fresh SQLite databases, measures, and compares
//! with a baseline measured in the same run (these machines are shared and
//! noisy: ratios say more than seconds).
//!
//! ```text
//! cargo build --release --bin coopfed --bin coopfed-bench
//! target/release/coopfed-bench pages [--rounds 300]
//! ```
//!
//! `pages`: the web interface on the demo data (the four networks of
//! `tests/fixtures/data`, partners of each other): the time each page takes
//! to answer, p50 and p99, against `/healthz` (a handler that does almost
//! nothing) on the same server.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance, free_port, wait_until};
use serde_json::Value;

const NETWORKS: [(&str, &str); 4] = [("cotech", "en"), ("de", "de"), ("nl", "nl"), ("fr", "fr")];

fn usage() -> ! {
    out("usage: coopfed-bench pages [--rounds N]");
    std::process::exit(2)
}

fn out(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{line}");
}

/// The `coopfed` binary: `COOPFED_BIN`, or the one beside this program.
fn coopfed_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("COOPFED_BIN") {
        return PathBuf::from(path);
    }
    let me = std::env::current_exe().unwrap_or_default();
    let beside = me.with_file_name("coopfed");
    if !beside.exists() {
        out(&format!("no coopfed binary at {} (build it, or set COOPFED_BIN)", beside.display()));
        std::process::exit(2);
    }
    beside
}

/// `tests/fixtures/data` of the checkout (`FIXTURES` to use another).
fn fixtures() -> PathBuf {
    if let Some(path) = std::env::var_os("FIXTURES") {
        return PathBuf::from(path);
    }
    let mut dir = std::env::current_dir().unwrap_or_default();
    loop {
        let candidate = dir.join("tests/fixtures/data");
        if candidate.is_dir() {
            return candidate;
        }
        if !dir.pop() {
            out("no tests/fixtures/data above this folder (run from the checkout, or set FIXTURES)");
            std::process::exit(2);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| usage());
    let mut rounds = 300usize;
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--rounds", Some(n)) => rounds = n.parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap_or_else(|e| {
        out(&format!("cannot start the runtime: {e}"));
        std::process::exit(1)
    });
    match command.as_str() {
        "pages" => runtime.block_on(pages(rounds)),
        _ => usage(),
    }
}

/// Starts the four demo networks, imports their data and makes them partners.
async fn demo_federation(binary: &Path, fixtures: &Path) -> (Vec<TestInstance>, Vec<TestDatabase>) {
    let ports: Vec<u16> = NETWORKS.iter().map(|_| free_port()).collect();
    let resolve: Vec<String> =
        NETWORKS.iter().zip(&ports).map(|((slug, _), port)| format!("{slug}.test=127.0.0.1:{port}")).collect();
    let mut instances = Vec::new();
    let mut dbs = Vec::new();
    for ((slug, language), port) in NETWORKS.iter().zip(&ports) {
        let db = TestDatabase::sqlite();
        let mut options = InstanceOptions::network(slug);
        options.bind = Some(format!("127.0.0.1:{port}"));
        options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.join(","));
        options.env.insert("COOPFED_LANGUAGE".into(), (*language).into());
        options.env.insert("COOPFED_LOG".into(), "warn".into());
        // The fixtures are written for this day.
        options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
        let instance = TestInstance::spawn(binary, &db, options).await;
        for kind in ["members", "jobs", "announcements"] {
            let file = fixtures.join(kind).join(format!("{slug}.yaml"));
            instance.cli(&["import", kind, &file.to_string_lossy()], None).success();
        }
        instances.push(instance);
        dbs.push(db);
    }
    for (i, instance) in instances.iter().enumerate() {
        for (j, (slug, _)) in NETWORKS.iter().enumerate() {
            if i != j {
                instance.cli(&["follow", &format!("@{slug}@{slug}.test")], None).success();
            }
        }
    }
    (instances, dbs)
}

/// Latencies of `rounds` sequential GETs of `url` (after a warm-up), sorted.
async fn measure(http: &reqwest::Client, url: &str, rounds: usize) -> Vec<Duration> {
    let get = || http.get(url).header("accept", "text/html").header("accept-language", "de").send();
    for _ in 0..20 {
        let _ = get().await.map(|r| r.status());
    }
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let response = get().await;
        let ok = match response {
            Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
            Err(_) => false,
        };
        if !ok {
            out(&format!("{url} did not answer 200"));
            std::process::exit(1);
        }
        times.push(start.elapsed());
    }
    times.sort();
    times
}

/// A JSON document, or `null` when the server does not give one.
async fn get_json(http: &reqwest::Client, url: &str) -> Value {
    match http.get(url).send().await {
        Ok(response) => response.json().await.unwrap_or(Value::Null),
        Err(_) => Value::Null,
    }
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss, reason = "an index")]
    let index = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn pages(rounds: usize) {
    let (binary, fixtures) = (coopfed_binary(), fixtures());
    out(&format!("coopfed: {}", binary.display()));
    out("starting the four demo networks and importing their data …");
    let (instances, _dbs) = demo_federation(&binary, &fixtures).await;
    let cotech = &instances[0];
    let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
    wait_until("the partners' offers to arrive", Duration::from_secs(120), || async {
        let page: Value = http.get(cotech.url("/api/v1/jobs?network=fr.test")).send().await.ok()?.json().await.ok()?;
        (!page["items"].as_array()?.is_empty()).then_some(())
    })
    .await;
    let first_job = {
        let page = get_json(&http, &cotech.url("/api/v1/jobs?limit=1&network=cotech.test")).await;
        page["items"][0]["id"].as_str().map(|id| id.rsplit('/').next().unwrap_or_default().to_owned())
    };
    let first_event = {
        let page = get_json(&http, &cotech.url("/api/v1/announcements?kind=event")).await;
        page["items"]
            .as_array()
            .and_then(|items| items.iter().find(|i| i["local"] == true))
            .and_then(|i| i["id"].as_str())
            .map(|id| id.rsplit('/').next().unwrap_or_default().to_owned())
    };
    let mut pages: Vec<(&str, String)> = vec![
        ("home", "/".into()),
        ("job board", "/jobs".into()),
        ("job board, filtered", "/jobs?skill=Webentwicklung&remote=true&q=develop".into()),
        ("directory", "/members".into()),
        ("directory, filtered", "/members?skill=python&country=GB".into()),
        ("co-op page", "/members/agile-collective".into()),
        ("news and events", "/news".into()),
        ("federation", "/federation".into()),
        ("login", "/login".into()),
    ];
    if let Some(id) = first_job {
        pages.push(("job page", format!("/jobs/{id}")));
    }
    if let Some(id) = first_event {
        pages.push(("event page", format!("/announcements/{id}")));
    }
    let baseline = measure(&http, &cotech.url("/healthz"), rounds).await;
    let (base50, base99) = (quantile(&baseline, 0.5), quantile(&baseline, 0.99));
    out("");
    out(&format!("{rounds} sequential requests per page, German, one keep-alive connection, SQLite"));
    out(&format!("{:<22} {:>9} {:>9} {:>12}", "page", "p50 ms", "p99 ms", "p50 / base"));
    out(&format!("{:<22} {:>9.2} {:>9.2} {:>12}", "baseline /healthz", ms(base50), ms(base99), "1.0"));
    for (name, path) in &pages {
        let times = measure(&http, &cotech.url(path), rounds).await;
        let (p50, p99) = (quantile(&times, 0.5), quantile(&times, 0.99));
        out(&format!("{name:<22} {:>9.2} {:>9.2} {:>12.1}", ms(p50), ms(p99), ms(p50) / ms(base50).max(0.001)));
    }
}
