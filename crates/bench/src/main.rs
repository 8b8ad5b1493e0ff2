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
//! nothing) on the same server. `pages --offers 100000`: the job board and
//! the directory of one network with that many offers, made by
//! `tests/fixtures/data/generate_large.py` (needs `python3`).

mod fanout;
mod gets;
mod inbox;
mod publish;
mod search;

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance, free_port, wait_until};
use serde_json::Value;

const NETWORKS: [(&str, &str); 4] = [("cotech", "en"), ("de", "de"), ("nl", "nl"), ("fr", "fr")];

fn usage() -> ! {
    out("usage: coopfed-bench pages [--rounds N] [--offers N]\n       \
         coopfed-bench fanout [--followers N] [--hosts N] [--workers N]\n       \
         coopfed-bench inbox [--senders N] [--requests N] [--rate-per-minute N]\n       \
         coopfed-bench publish [--rounds N]\n       \
         coopfed-bench gets [--seconds N]\n       \
         coopfed-bench search [--members N] [--offers N] [--seconds N]\n\
         --database postgres://… runs coopfed on PostgreSQL (a fresh schema) instead of SQLite");
    std::process::exit(2)
}

/// Prints why the benchmark cannot go on and stops it.
fn fail(message: &str) -> ! {
    out(message);
    std::process::exit(1)
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("cannot start the runtime: {e}")))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_else(|| usage());
    let mut rounds = 300usize;
    let mut offers = None;
    if command == "minimal-inbox" {
        // Started by `inbox`, not by people: HOST DOMAIN=ADDRESS DATABASE.
        let extra: Vec<String> = args.collect();
        let [host, resolve, database] = extra.as_slice() else { usage() };
        return runtime().block_on(inbox::serve_minimal(host, resolve, database));
    }
    let (mut followers, mut hosts) = (1000usize, 1usize);
    let (mut senders, mut requests, mut rate_per_minute) = (100usize, 20_000usize, None);
    let mut database: Option<String> = None;
    let mut seconds = 5u64;
    let mut workers = 1usize;
    let mut members = None;
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--rounds", Some(n)) => rounds = n.parse().unwrap_or_else(|_| usage()),
            ("--offers", Some(n)) => offers = Some(n.parse::<usize>().unwrap_or_else(|_| usage())),
            ("--followers", Some(n)) => followers = n.parse().unwrap_or_else(|_| usage()),
            ("--hosts", Some(n)) => hosts = n.parse().unwrap_or_else(|_| usage()),
            ("--workers", Some(n)) => workers = n.parse().unwrap_or_else(|_| usage()),
            ("--members", Some(n)) => members = Some(n.parse::<usize>().unwrap_or_else(|_| usage())),
            ("--seconds", Some(n)) => seconds = n.parse().unwrap_or_else(|_| usage()),
            ("--senders", Some(n)) => senders = n.parse().unwrap_or_else(|_| usage()),
            ("--requests", Some(n)) => requests = n.parse().unwrap_or_else(|_| usage()),
            ("--rate-per-minute", Some(n)) => rate_per_minute = Some(n.parse().unwrap_or_else(|_| usage())),
            ("--database", Some(url)) if url.starts_with("postgres") => database = Some(url),
            _ => usage(),
        }
    }
    let runtime = runtime();
    match command.as_str() {
        "pages" => match offers {
            Some(offers) => runtime.block_on(large_pages(rounds, offers)),
            None => runtime.block_on(pages(rounds)),
        },
        "fanout" => runtime.block_on(fanout::fanout(followers, hosts, database.as_deref(), workers.clamp(1, 16))),
        "gets" => runtime.block_on(gets::gets(seconds.clamp(1, 600), database.as_deref())),
        "publish" => runtime.block_on(publish::publish(rounds.min(1000), database.as_deref())),
        "search" => runtime.block_on(search::search(
            members.unwrap_or(100_000),
            offers.unwrap_or(1_000_000),
            database.as_deref(),
            seconds.clamp(1, 600),
        )),
        "inbox" => runtime.block_on(inbox::inbox(senders, requests, database.as_deref(), rate_per_minute)),
        _ => usage(),
    }
}

/// Adds the co-op `bench-coop` through the CLI.
fn add_bench_coop(instance: &TestInstance) {
    instance.cli(&["members", "add", "bench-coop", "--name", "Bench Co-op"], None).success();
}

/// Has `bench-coop` publish one offer through the CLI.
fn add_bench_offer(instance: &TestInstance, description: &str) {
    instance
        .cli(
            &[
                "jobs",
                "add",
                "--member",
                "bench-coop",
                "--title",
                "Rust developer",
                "--description",
                description,
                "--employment-type",
                "full_time",
                "--valid-through",
                "2099-12-31",
                "--apply-email",
                "jobs@bench.example",
            ],
            None,
        )
        .success();
}

/// Starts the four demo networks, imports their data and makes them
/// partners: each on SQLite or, with `database`, in a fresh schema of that
/// PostgreSQL database.
async fn demo_federation(
    binary: &Path,
    fixtures: &Path,
    database: Option<&str>,
) -> (Vec<TestInstance>, Vec<TestDatabase>) {
    let ports: Vec<u16> = NETWORKS.iter().map(|_| free_port()).collect();
    let resolve: Vec<String> =
        NETWORKS.iter().zip(&ports).map(|((slug, _), port)| format!("{slug}.test=127.0.0.1:{port}")).collect();
    let mut instances = Vec::new();
    let mut dbs = Vec::new();
    for ((slug, language), port) in NETWORKS.iter().zip(&ports) {
        let db = database.map_or_else(TestDatabase::sqlite, TestDatabase::postgres);
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
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index"
    )]
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
    let (instances, _dbs) = demo_federation(&binary, &fixtures, None).await;
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
    report(&http, cotech, &pages, rounds, "the demo data").await;
}

/// Prints p50 and p99 of each page against `/healthz`.
async fn report(http: &reqwest::Client, instance: &TestInstance, pages: &[(&str, String)], rounds: usize, data: &str) {
    let baseline = measure(http, &instance.url("/healthz"), rounds).await;
    let (base50, base99) = (quantile(&baseline, 0.5), quantile(&baseline, 0.99));
    out("");
    out(&format!("{rounds} sequential requests per page on {data}, German, one keep-alive connection, SQLite"));
    out(&format!("{:<22} {:>9} {:>9} {:>12}", "page", "p50 ms", "p99 ms", "p50 / base"));
    out(&format!("{:<22} {:>9.2} {:>9.2} {:>12}", "baseline /healthz", ms(base50), ms(base99), "1.0"));
    for (name, path) in pages {
        let times = measure(http, &instance.url(path), rounds).await;
        let (p50, p99) = (quantile(&times, 0.5), quantile(&times, 0.99));
        out(&format!("{name:<22} {:>9.2} {:>9.2} {:>12.1}", ms(p50), ms(p99), ms(p50) / ms(base50).max(0.001)));
    }
}

/// Writes the generated records of the network `cotech` of one kind as an
/// import file (JSON is YAML), without the generator's own fields.
fn import_file(lines: &[Value], kind: &str, path: &Path) -> usize {
    let records: Vec<Value> = lines
        .iter()
        .filter(|l| l["type"] == kind && l["network"] == "cotech")
        .map(|l| {
            let mut record = l.clone();
            if let Some(object) = record.as_object_mut() {
                object.remove("type");
                object.remove("network");
            }
            record
        })
        .collect();
    let key = if kind == "member" { "members" } else { "jobs" };
    let file = serde_json::json!({ "network": "cotech", key: records });
    std::fs::write(path, file.to_string()).unwrap_or_else(|e| {
        out(&format!("cannot write {}: {e}", path.display()));
        std::process::exit(1)
    });
    records.len()
}

/// The board and the directory of one network with `offers` offers.
async fn large_pages(rounds: usize, offers: usize) {
    let (binary, fixtures) = (coopfed_binary(), fixtures());
    // The generator gives cotech 30 % of the offers and co-ops.
    let all_jobs = offers * 10 / 3;
    let all_members = (all_jobs / 100).max(100);
    out(&format!("generating {all_jobs} offers and {all_members} co-ops of four networks; keeping cotech's …"));
    let generated = std::process::Command::new("python3")
        .arg(fixtures.join("generate_large.py"))
        .args(["--members", &all_members.to_string(), "--jobs", &all_jobs.to_string(), "--today", "2026-11-23"])
        .output();
    let generated = match generated {
        Ok(output) if output.status.success() => output.stdout,
        Ok(output) => {
            out(&format!("generate_large.py failed: {}", String::from_utf8_lossy(&output.stderr)));
            std::process::exit(1)
        }
        Err(e) => {
            out(&format!("cannot run python3: {e}"));
            std::process::exit(1)
        }
    };
    let lines: Vec<Value> =
        String::from_utf8_lossy(&generated).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let dir = std::env::temp_dir().join(format!("coopfed-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (members_file, jobs_file) = (dir.join("members.yaml"), dir.join("jobs.yaml"));
    let members = import_file(&lines, "member", &members_file);
    let jobs = import_file(&lines, "job", &jobs_file);
    drop(lines);
    let db = TestDatabase::sqlite();
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_LOG".into(), "warn".into());
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    let instance = TestInstance::spawn(&binary, &db, options).await;
    for (kind, file, count) in [("members", &members_file, members), ("jobs", &jobs_file, jobs)] {
        out(&format!("importing {count} {kind} …"));
        let started = Instant::now();
        instance.cli(&["import", kind, &file.to_string_lossy()], None).success();
        out(&format!("  {:.1} s", started.elapsed().as_secs_f64()));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let pages: Vec<(&str, String)> = vec![
        ("job board", "/jobs".into()),
        ("job board, skill", "/jobs?skill=python".into()),
        ("job board, words", "/jobs?q=developer".into()),
        ("job board, filters", "/jobs?skill=Webentwicklung&remote=true&employment_type=full_time".into()),
        ("directory", "/members".into()),
        ("directory, skill", "/members?skill=rust".into()),
        ("directory, words", "/members?q=web".into()),
    ];
    let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
    report(&http, &instance, &pages, rounds, &format!("{jobs} offers and {members} co-ops")).await;
}
