//! `search`: importing a large data set and searching it. The generator
//! (`tests/fixtures/data/generate_large.py`) writes co-ops and offers of four
//! networks as JSON Lines; all of them are imported into one instance as its
//! own network with `coopfed import` (timed, with the importing process's
//! peak memory), then the job board's and the directory's API are asked
//! with text, skill, remote, country and network filters: each query 200
//! times in a row (p50, p99) and from 8 connections at once (queries/s).
//! Baseline, in the same run: `/healthz`.

use std::{
    io::{BufRead as _, Write as _},
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use serde_json::Value;

use crate::{coopfed_binary, fail, fixtures, ms, out, quantile};

/// Requests in a row per query, after 20 to warm up.
const ROUNDS: usize = 200;

/// Connections asking at once when measuring queries per second.
const CONNECTIONS: usize = 8;

pub(crate) async fn search(members: usize, offers: usize, database: Option<&str>, seconds: u64) {
    let binary = coopfed_binary();
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("no temporary folder: {e}")));
    let (members_file, jobs_file) = generate(dir.path(), members, offers);
    let db = database.map_or_else(TestDatabase::sqlite, TestDatabase::postgres);
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_LOG".into(), "warn".into());
    // The generator writes for this day.
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    let instance = TestInstance::spawn(&binary, &db, options).await;
    out(&format!("coopfed: {}, {}", binary.display(), db.backend()));
    import(&instance, "members", &members_file, "co-ops");
    import(&instance, "jobs", &jobs_file, "offers");
    drop(dir);

    let domain = instance.domain.clone();
    let jobs = [
        ("no filter", String::new()),
        ("a common word", "q=developer".to_owned()),
        ("two common words", "q=senior%20developer".to_owned()),
        ("a rare word", "q=4711".to_owned()),
        ("a common skill", "skill=python".to_owned()),
        ("a rare skill", "skill=ocaml".to_owned()),
        ("remote + country", "remote=true&country=DE".to_owned()),
        ("word + skill + remote + network", format!("q=developer&skill=python&remote=true&network={domain}")),
        ("rare word + common skill + country", "q=4711&skill=python&country=GB".to_owned()),
        ("common word + rare skill + country", "q=developer&skill=ocaml&country=FR".to_owned()),
    ];
    let directory = [
        ("no filter", String::new()),
        ("a common word", "q=cooperative".to_owned()),
        ("a rare word", "q=solar".to_owned()),
        ("a common skill", "skill=python".to_owned()),
        ("word + skill + country + network", format!("q=web&skill=rust&country=DE&network={domain}")),
        ("a rare skill + country", "skill=ocaml&country=NL".to_owned()),
    ];
    let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
    let healthz = instance.url("/healthz");
    let (base, _) = measure(&http, &healthz).await;
    let base_rate = rate(&healthz, seconds).await;
    out("");
    out(&format!(
        "{ROUNDS} requests in a row per query (p50, p99), then {CONNECTIONS} connections for {seconds} s (queries/s)"
    ));
    out(&format!("{:<48} {:>8} {:>8} {:>10} {:>7}", "query", "p50 ms", "p99 ms", "queries/s", "items"));
    out(&format!(
        "{:<48} {:>8.2} {:>8.2} {:>10.0} {:>7}",
        "baseline /healthz",
        ms(quantile(&base, 0.5)),
        ms(quantile(&base, 0.99)),
        base_rate,
        "-"
    ));
    for (list, queries) in [("/api/v1/jobs", &jobs[..]), ("/api/v1/members", &directory[..])] {
        for (name, query) in queries {
            let url = instance.url(&format!("{list}?{query}"));
            let (times, items) = measure(&http, &url).await;
            let per_second = rate(&url, seconds).await;
            let label = format!("{} {name}", if list.ends_with("jobs") { "jobs:" } else { "co-ops:" });
            out(&format!(
                "{label:<48} {:>8.2} {:>8.2} {:>10.0} {items:>7}",
                ms(quantile(&times, 0.5)),
                ms(quantile(&times, 0.99)),
                per_second
            ));
        }
    }
}

/// Runs the generator into `dir` and writes the import files: every record
/// as this instance's network's. Returns the co-ops' and the offers' files.
fn generate(dir: &Path, members: usize, offers: usize) -> (PathBuf, PathBuf) {
    out(&format!("generating {members} co-ops and {offers} offers …"));
    let started = Instant::now();
    let generated = dir.join("generated");
    let status = std::process::Command::new("python3")
        .arg(fixtures().join("generate_large.py"))
        .args(["--members", &members.to_string(), "--jobs", &offers.to_string(), "--quiet", "--out"])
        .arg(&generated)
        .status();
    match status {
        Ok(status) if status.success() => {}
        Ok(status) => fail(&format!("generate_large.py failed: {status}")),
        Err(e) => fail(&format!("cannot run python3: {e}")),
    }
    let members_file = as_local(&generated.join("members.jsonl"), &dir.join("members.jsonl"));
    let jobs_file = as_local(&generated.join("jobs.jsonl"), &dir.join("jobs.jsonl"));
    let _ = std::fs::remove_dir_all(&generated);
    out(&format!("generated in {:.1} s", started.elapsed().as_secs_f64()));
    (members_file, jobs_file)
}

/// Copies a generated JSON Lines file with every record's network set to `cotech`.
fn as_local(from: &Path, to: &Path) -> PathBuf {
    let cannot = |e: std::io::Error| -> ! { fail(&format!("cannot copy {}: {e}", from.display())) };
    let reader = std::io::BufReader::new(std::fs::File::open(from).unwrap_or_else(|e| cannot(e)));
    let mut writer = std::io::BufWriter::new(std::fs::File::create(to).unwrap_or_else(|e| cannot(e)));
    for line in reader.lines() {
        let mut record: Value = serde_json::from_str(&line.unwrap_or_else(|e| cannot(e)))
            .unwrap_or_else(|e| fail(&format!("{}: not JSON: {e}", from.display())));
        record["network"] = Value::from("cotech");
        writeln!(writer, "{record}").unwrap_or_else(|e| cannot(e));
    }
    writer.flush().unwrap_or_else(|e| cannot(e));
    to.to_owned()
}

/// Runs `coopfed import KIND FILE`, printing records per second and the
/// importing process's peak resident memory (read every 100 ms).
fn import(instance: &TestInstance, kind: &str, file: &Path, what: &str) {
    let file_name = file.to_string_lossy();
    let started = Instant::now();
    let mut child = instance
        .cli_command(&["import", kind, &file_name])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot run coopfed import: {e}")));
    let mut peak_mb = 0f64;
    let status = loop {
        // The peak as the kernel counts it, read while the process lives.
        peak_mb = peak_mb.max(crate::inbox::memory_mb(Some(child.id())).1);
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => fail(&format!("coopfed import: {e}")),
        }
    };
    let elapsed = started.elapsed().as_secs_f64();
    let output = child.wait_with_output().unwrap_or_else(|e| fail(&format!("coopfed import: {e}")));
    let printed = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !status.success() {
        fail(&format!("coopfed import {kind} failed: {printed}\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    let count: f64 = printed
        .split("imported ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    out(&format!(
        "import of {count} {what}: {elapsed:.1} s, {:.0} {what}/s, peak memory of the import {peak_mb:.0} MB",
        count / elapsed
    ));
}

/// `ROUNDS` GETs of `url` in a row (after 20 to warm up): their times
/// (sorted) and how many items the answer lists.
async fn measure(http: &reqwest::Client, url: &str) -> (Vec<Duration>, usize) {
    let get = || http.get(url).send();
    let mut items = 0;
    for _ in 0..20 {
        if let Ok(response) = get().await {
            let body: Value = response.json().await.unwrap_or_default();
            items = body["items"].as_array().map_or(0, Vec::len);
        }
    }
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let sent = Instant::now();
        match get().await {
            Ok(response) if response.status().is_success() => {
                let _ = response.bytes().await;
                times.push(sent.elapsed());
            }
            Ok(response) => fail(&format!("{url}: {}", response.status())),
            Err(e) => fail(&format!("{url}: {e}")),
        }
    }
    times.sort();
    (times, items)
}

/// Answers per second to `CONNECTIONS` connections asking `url` for `seconds`.
async fn rate(url: &str, seconds: u64) -> f64 {
    crate::gets::load(url, "application/json", Duration::from_secs(seconds), CONNECTIONS).await.rate
}
