//! `gets`: what other servers and readers fetch most, under concurrent load
//! (64 keep-alive connections, each asking again as soon as it has its
//! answer): a co-op's actor document, its WebFinger answer, a job offer as
//! ActivityPub and as the web page. Baseline, in the same run: a static axum
//! handler in a process of its own (the minimal server of the `inbox`
//! benchmark) answering a document of the same size.

use std::time::{Duration, Instant};

use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance};
use serde_json::Value;

use crate::{coopfed_binary, fail, ms, out, quantile};

/// Connections asking at once.
const CONNECTIONS: usize = 64;

/// What one load gave: latencies (sorted) and answers per second.
pub(crate) struct Load {
    times: Vec<Duration>,
    pub(crate) rate: f64,
    failures: usize,
}

/// `connections` connections GET `url` with `accept` for `time`.
pub(crate) async fn load(url: &str, accept: &'static str, time: Duration, connections: usize) -> Load {
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(connections)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_default();
    // Connections opened and caches warm before the clock starts.
    for _ in 0..connections {
        let _ = client.get(url).header("accept", accept).send().await.map(|r| r.status());
    }
    let start = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (client, url) = (client.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let (mut times, mut failures) = (Vec::new(), 0usize);
            while start.elapsed() < time {
                let sent = Instant::now();
                let ok = match client.get(&url).header("accept", accept).send().await {
                    Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                    Err(_) => false,
                };
                if ok {
                    times.push(sent.elapsed());
                } else {
                    failures += 1;
                }
            }
            (times, failures)
        }));
    }
    let (mut times, mut failures) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((mine, failed)) = task.await {
            times.extend(mine);
            failures += failed;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    times.sort();
    #[expect(clippy::cast_precision_loss, reason = "a count")]
    let rate = times.len() as f64 / elapsed;
    Load { times, rate, failures }
}

pub(crate) async fn gets(seconds: u64, database: Option<&str>) {
    let binary = coopfed_binary();
    out(&format!("coopfed: {}", binary.display()));
    let db = database.map_or_else(TestDatabase::sqlite, TestDatabase::postgres);
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_LOG".into(), "warn".into());
    let instance = TestInstance::spawn(&binary, &db, options).await;
    crate::add_bench_coop(&instance);
    crate::add_bench_offer(&instance, "We build software for co-operatives and the commons.\n\nJoin us as a member.");
    let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
    let page: Value = match http.get(instance.url("/api/v1/jobs?limit=1")).send().await {
        Ok(response) => response.json().await.unwrap_or_default(),
        Err(_) => Value::Null,
    };
    let Some(job) = page["items"][0]["id"].as_str().and_then(|id| id.rsplit('/').next()).map(str::to_owned) else {
        fail("the offer is not listed")
    };
    let actor = match http
        .get(instance.url("/members/bench-coop"))
        .header("accept", "application/activity+json")
        .send()
        .await
    {
        Ok(response) => response.bytes().await.unwrap_or_default(),
        Err(_) => fail("the actor document did not come"),
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("no temporary directory: {e}")));
    let (_baseline_process, baseline_base) =
        crate::inbox::start_minimal_server(&instance.domain, "none.bench=127.0.0.1:9", dir.path(), &actor).await;

    let time = Duration::from_secs(seconds);
    let activity = "application/activity+json";
    let cases: Vec<(&str, String, &'static str)> = vec![
        ("static axum handler (baseline)", format!("{baseline_base}/static"), activity),
        ("coopfed's /healthz (no database)", instance.url("/healthz"), "text/plain"),
        ("actor document", instance.url("/members/bench-coop"), activity),
        (
            "WebFinger",
            instance.url(&format!("/.well-known/webfinger?resource=acct:bench-coop@{}", instance.domain)),
            "application/jrd+json",
        ),
        ("job offer (ActivityPub)", instance.url(&format!("/jobs/{job}")), activity),
        ("job page (HTML)", instance.url(&format!("/jobs/{job}")), "text/html"),
    ];
    let backend = if database.is_some() { "PostgreSQL" } else { "SQLite" };
    out(&format!("{CONNECTIONS} connections, {seconds} s per URL, coopfed on {backend}"));
    out("| GET | answers/s | p50 ms | p99 ms | / baseline |");
    out("|---|---:|---:|---:|---:|");
    let mut baseline = 0.0;
    for (what, url, accept) in cases {
        let result = load(&url, accept, time, CONNECTIONS).await;
        if baseline == 0.0 {
            baseline = result.rate;
        }
        if result.failures > 0 {
            out(&format!("{what}: {} requests failed", result.failures));
        }
        out(&format!(
            "| {what} | {:.0} | {:.1} | {:.1} | {:.2} |",
            result.rate,
            ms(quantile(&result.times, 0.5)),
            ms(quantile(&result.times, 0.99)),
            result.rate / baseline.max(1.0)
        ));
    }
    let (rss, peak) = crate::inbox::memory_mb(instance.pid());
    out(&format!("coopfed RSS after the load: {rss:.0} MB (peak {peak:.0} MB)"));
}
