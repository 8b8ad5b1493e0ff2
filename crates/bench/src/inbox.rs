//! `inbox`: signed activities POSTed to the shared inbox by many senders of
//! one remote server (like a large Mastodon server delivering), each sender
//! on its own keep-alive connection. Every request carries its own `Create`
//! of a `Note` and is signed before the clock starts, so the benchmark
//! measures the receiving side only. A request counts when answered 202,
//! which coopfed gives only after the activity is stored.
//!
//! Baselines, in the same run: signature checks per second on one thread
//! (digest, signing string and RSA-2048 verification with the code coopfed
//! uses), and a minimal inbox written here: it checks the signature the same
//! way (each key fetched once and kept in memory), reads the activity's id
//! and appends the activity to a SQLite file in WAL mode through one writer
//! thread that commits everything waiting at once (group commit) before
//! answering 202.

use std::{
    collections::{BTreeMap, HashMap},
    net::SocketAddr,
    sync::{Arc, RwLock},
    time::{Duration, Instant, SystemTime},
};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
};
use coopfed_federation::signatures::{DateWindow, prepare_verification};
use coopfed_test_support::{FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance};
use serde_json::{Value, json};

use crate::{coopfed_binary, fail, ms, out, quantile};

/// One request, signed in advance.
#[derive(Clone)]
struct Signed {
    body: Bytes,
    headers: Vec<(&'static str, String)>,
}

/// What one run of the load gave.
struct Run {
    /// Latencies of the requests answered 202, sorted.
    accepted: Vec<Duration>,
    /// Answers by status (0: no answer).
    statuses: BTreeMap<u16, usize>,
    /// Requests answered 202 per second.
    rate: f64,
}

impl Run {
    /// The median rate of `runs`, with the latencies and answers of them all.
    fn median(mut runs: Vec<Run>) -> Run {
        runs.sort_by(|a, b| a.rate.total_cmp(&b.rate));
        let rate = runs.get(runs.len() / 2).map_or(0.0, |run| run.rate);
        let mut all = Run { accepted: Vec::new(), statuses: BTreeMap::new(), rate };
        for run in runs {
            all.accepted.extend(run.accepted);
            for (status, n) in run.statuses {
                *all.statuses.entry(status).or_default() += n;
            }
        }
        all.accepted.sort();
        all
    }

    fn statuses(&self) -> String {
        self.statuses.iter().map(|(status, n)| format!("{status}: {n}")).collect::<Vec<_>>().join(", ")
    }
}

/// Signature checks per second on one thread, of a request like the ones sent.
fn verifications_per_second(remote: &FakeRemote, host: &str, time: Duration) -> f64 {
    let body = br#"{"type":"Create","id":"https://a.test/1"}"#.as_slice();
    let headers = remote.sign("s0", "POST", "/inbox", host, Some(body));
    let headers: BTreeMap<String, String> =
        headers.into_iter().map(|(name, value)| (name.to_ascii_lowercase(), value)).collect();
    let Some(pem) = remote.public_key_pem("s0") else { fail("the fake remote has no key for s0") };
    let start = Instant::now();
    let mut count = 0u32;
    while start.elapsed() < time {
        let pending = prepare_verification(
            "POST",
            "/inbox",
            &headers,
            Some(body),
            host,
            DateWindow::default(),
            SystemTime::now(),
        );
        if !pending.is_ok_and(|p| p.verify(&pem).is_ok()) {
            fail("the baseline signature does not verify");
        }
        count += 1;
    }
    f64::from(count) / start.elapsed().as_secs_f64()
}

/// The activities of `senders` senders, `per_sender` each, signed for `host`.
async fn sign_all(remote: &Arc<FakeRemote>, senders: usize, per_sender: usize, host: &str) -> Vec<Vec<Signed>> {
    let mut tasks = Vec::new();
    for sender in 0..senders {
        let (remote, host) = (Arc::clone(remote), host.to_owned());
        tasks.push(tokio::task::spawn_blocking(move || {
            let name = format!("s{sender}");
            let actor = remote.actor_id(&name);
            (0..per_sender)
                .map(|n| {
                    let body = json!({
                        "@context": "https://www.w3.org/ns/activitystreams",
                        "id": format!("{actor}/statuses/{n}/activity"),
                        "type": "Create",
                        "actor": actor,
                        "published": "2026-12-01T12:00:00Z",
                        "to": ["https://www.w3.org/ns/activitystreams#Public"],
                        "cc": [format!("{actor}/followers")],
                        "object": {
                            "id": format!("{actor}/statuses/{n}"),
                            "type": "Note",
                            "attributedTo": actor,
                            "published": "2026-12-01T12:00:00Z",
                            "content": "<p>Looking forward to the co-op meet-up. Who else is coming along?</p>",
                            "to": ["https://www.w3.org/ns/activitystreams#Public"],
                            "cc": [format!("{actor}/followers")],
                        },
                    });
                    let body = Bytes::from(serde_json::to_vec(&body).unwrap_or_default());
                    let headers = remote.sign(&name, "POST", "/inbox", &host, Some(&body));
                    Signed { body, headers }
                })
                .collect::<Vec<_>>()
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.push(task.await.unwrap_or_default());
    }
    all
}

/// Sends each sender's requests in turn on its own connection, all senders at once.
async fn drive(url: &str, requests: &[Vec<Signed>]) -> Run {
    let client = reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(requests.len())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_default();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mine in requests {
        let (client, url, mine) = (client.clone(), url.to_owned(), mine.clone());
        tasks.push(tokio::spawn(async move {
            let mut accepted = Vec::with_capacity(mine.len());
            let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
            for request in mine {
                let mut builder =
                    client.post(&url).header("content-type", "application/activity+json").body(request.body);
                for (name, value) in &request.headers {
                    builder = builder.header(*name, value);
                }
                let sent = Instant::now();
                let status = match builder.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                if status == 202 {
                    accepted.push(sent.elapsed());
                }
                *statuses.entry(status).or_default() += 1;
            }
            (accepted, statuses)
        }));
    }
    let mut run = Run { accepted: Vec::new(), statuses: BTreeMap::new(), rate: 0.0 };
    for task in tasks {
        if let Ok((accepted, statuses)) = task.await {
            run.accepted.extend(accepted);
            for (status, n) in statuses {
                *run.statuses.entry(status).or_default() += n;
            }
        }
    }
    #[expect(clippy::cast_precision_loss, reason = "a count")]
    let accepted = run.accepted.len() as f64;
    run.rate = accepted / start.elapsed().as_secs_f64().max(0.001);
    run.accepted.sort();
    run
}

/// What the minimal inbox needs.
struct Minimal {
    host: String,
    http: reqwest::Client,
    keys: RwLock<HashMap<String, String>>,
    writer: tokio::sync::mpsc::UnboundedSender<(String, Bytes, tokio::sync::oneshot::Sender<bool>)>,
}

/// The minimal inbox's handler: check, append, 202.
async fn minimal_inbox(State(state): State<Arc<Minimal>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let headers: BTreeMap<String, String> = headers
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    let Ok(pending) = prepare_verification(
        "POST",
        "/inbox",
        &headers,
        Some(&body),
        &state.host,
        DateWindow::default(),
        SystemTime::now(),
    ) else {
        return StatusCode::UNAUTHORIZED;
    };
    let key_id = pending.key_id().to_owned();
    let known = state.keys.read().ok().and_then(|keys| keys.get(&key_id).cloned());
    let pem = match known {
        Some(pem) => pem,
        None => {
            let Ok(response) = state.http.get(&key_id).header("accept", "application/activity+json").send().await
            else {
                return StatusCode::UNAUTHORIZED;
            };
            let document: Value = response.json().await.unwrap_or_default();
            let Some(pem) = document["publicKey"]["publicKeyPem"].as_str() else { return StatusCode::UNAUTHORIZED };
            if let Ok(mut keys) = state.keys.write() {
                keys.insert(key_id.clone(), pem.to_owned());
            }
            pem.to_owned()
        }
    };
    if pending.verify(&pem).is_err() {
        return StatusCode::UNAUTHORIZED;
    }
    let Ok(activity) = serde_json::from_slice::<Value>(&body) else { return StatusCode::BAD_REQUEST };
    let (Some(id), Some(actor)) = (activity["id"].as_str(), activity["actor"].as_str()) else {
        return StatusCode::BAD_REQUEST;
    };
    if !key_id.starts_with(actor) {
        return StatusCode::UNAUTHORIZED;
    }
    let (done, stored) = tokio::sync::oneshot::channel();
    if state.writer.send((id.to_owned(), body, done)).is_err() {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    match stored.await {
        Ok(true) => StatusCode::ACCEPTED,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The minimal inbox's writer: one connection, everything waiting in one transaction.
fn minimal_writer(
    path: &std::path::Path,
    mut queue: tokio::sync::mpsc::UnboundedReceiver<(String, Bytes, tokio::sync::oneshot::Sender<bool>)>,
) {
    use diesel::{Connection as _, RunQueryDsl as _, connection::SimpleConnection as _, sql_types::Text};
    let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy())
        .unwrap_or_else(|e| fail(&format!("cannot open the minimal inbox's database: {e}")));
    if let Err(e) = conn.batch_execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
         CREATE TABLE received (id TEXT PRIMARY KEY, payload TEXT NOT NULL, \
         received_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
    ) {
        fail(&format!("cannot set up the minimal inbox's database: {e}"));
    }
    while let Some(first) = queue.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < 512 {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let written = conn.transaction::<_, diesel::result::Error, _>(|conn| {
            for (id, body, _) in &batch {
                diesel::sql_query("INSERT OR IGNORE INTO received (id, payload) VALUES (?, ?)")
                    .bind::<Text, _>(id)
                    .bind::<Text, _>(String::from_utf8_lossy(body))
                    .execute(conn)?;
            }
            Ok(())
        });
        for (_, _, done) in batch {
            let _ = done.send(written.is_ok());
        }
    }
}

/// `coopfed-bench minimal-inbox HOST DOMAIN=ADDRESS DIRECTORY`: serves the
/// minimal inbox for `HOST` at `/inbox` on a free loopback port (fetching
/// keys of `DOMAIN` from `ADDRESS`, appending to `DIRECTORY/minimal.db`) and
/// `DIRECTORY/static.json` at `/static`, and prints where it listens. It
/// runs as a process of its own, like coopfed, so that neither shares the
/// load generator's threads.
pub(crate) async fn serve_minimal(host: &str, resolve: &str, directory: &str) {
    let Some((domain, address)) = resolve.split_once('=') else { fail("DOMAIN=ADDRESS expected") };
    let Ok(address) = address.parse::<SocketAddr>() else { fail("DOMAIN=ADDRESS expected") };
    let directory = std::path::PathBuf::from(directory);
    let document = Bytes::from(std::fs::read(directory.join("static.json")).unwrap_or_default());
    let (writer, queue) = tokio::sync::mpsc::unbounded_channel();
    let path = directory.join("minimal.db");
    std::thread::spawn(move || minimal_writer(&path, queue));
    let http = reqwest::Client::builder().no_proxy().resolve(domain, address).build().unwrap_or_default();
    let state = Arc::new(Minimal { host: host.to_owned(), http, keys: RwLock::default(), writer });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| fail(&format!("cannot listen for the minimal inbox: {e}")));
    let addr: SocketAddr = listener.local_addr().unwrap_or_else(|e| fail(&format!("no address: {e}")));
    out(&format!("Listening on http://{addr}"));
    let app = Router::new()
        .route("/inbox", post(minimal_inbox))
        .route(
            "/static",
            axum::routing::get(move || {
                let document = document.clone();
                async move { ([("content-type", "application/activity+json")], document) }
            }),
        )
        .with_state(state);
    let _ = axum::serve(listener, app).await;
}

/// Starts the minimal server as a child process, serving `document` at
/// `/static`; returns it and its base URL.
pub(crate) async fn start_minimal_server(
    host: &str,
    resolve: &str,
    dir: &std::path::Path,
    document: &[u8],
) -> (tokio::process::Child, String) {
    use tokio::io::AsyncBufReadExt as _;
    if let Err(e) = std::fs::write(dir.join("static.json"), document) {
        fail(&format!("cannot write the static document: {e}"));
    }
    let me = std::env::current_exe().unwrap_or_else(|e| fail(&format!("where am I? {e}")));
    let mut child = tokio::process::Command::new(me)
        .arg("minimal-inbox")
        .arg(host)
        .arg(resolve)
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start the minimal server: {e}")));
    let Some(stdout) = child.stdout.take() else { fail("the minimal server has no output") };
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(address) = line.strip_prefix("Listening on ") {
            return (child, address.to_owned());
        }
    }
    fail("the minimal server did not start")
}

/// Resident memory of a process now and at its peak, in MB, from `/proc`.
pub(crate) fn memory_mb(pid: Option<u32>) -> (f64, f64) {
    let status = pid.and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok()).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn row(what: &str, run: &Run, baseline: f64) {
    out(&format!(
        "| {what} | {} | {:.1} | {:.1} | {:.0} | {:.2} |",
        run.accepted.len(),
        ms(quantile(&run.accepted, 0.5)),
        ms(quantile(&run.accepted, 0.99)),
        run.rate,
        run.rate / baseline.max(1.0),
    ));
}

pub(crate) async fn inbox(senders: usize, requests: usize, database: Option<&str>, rate_per_minute: Option<u32>) {
    let binary = coopfed_binary();
    out(&format!("coopfed: {}", binary.display()));
    let senders = senders.clamp(1, 1000);
    let per_sender = requests.div_ceil(senders).max(1);
    let names: Vec<String> = (0..senders).map(|i| format!("s{i}")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    out(&format!("making {senders} senders' keys …"));
    let remote = Arc::new(
        FakeRemote::start_with_options(
            "remote.bench",
            &name_refs,
            FakeOptions { shared_inbox: true, ..FakeOptions::default() },
        )
        .await,
    );

    let db = database.map_or_else(TestDatabase::sqlite, TestDatabase::postgres);
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    options.env.insert("COOPFED_LOG".into(), "warn".into());
    let limit = rate_per_minute.unwrap_or(1_000_000);
    options.env.insert("COOPFED_INBOX_RATE_PER_MINUTE".into(), limit.to_string());
    let instance = TestInstance::spawn(&binary, &db, options).await;
    let host = instance.domain.clone();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (idle_rss, _) = memory_mb(instance.pid());

    let verifications = {
        let (remote, host) = (Arc::clone(&remote), host.clone());
        tokio::task::spawn_blocking(move || verifications_per_second(&remote, &host, Duration::from_secs(3)))
            .await
            .unwrap_or(0.0)
    };
    out(&format!("baseline: {verifications:.0} signature checks/s (digest + RSA-2048 verification, one thread)"));

    // Three rounds, each first on the minimal inbox and then on coopfed, so
    // both meet the same moments of a noisy machine; the median round counts.
    const ROUNDS: usize = 3;
    out(&format!("signing {} requests of {senders} senders …", senders * (1 + ROUNDS * per_sender)));
    let mut signed = sign_all(&remote, senders, 1 + ROUNDS * per_sender, &host).await;
    let warm_up: Vec<Vec<Signed>> = signed.iter_mut().map(|mine| vec![mine.remove(0)]).collect();
    let rounds: Vec<Vec<Vec<Signed>>> = (0..ROUNDS)
        .map(|round| signed.iter().map(|mine| mine[round * per_sender..(round + 1) * per_sender].to_vec()).collect())
        .collect();
    drop(signed);

    let dir = tempfile::tempdir().unwrap_or_else(|e| fail(&format!("no temporary directory: {e}")));
    let (minimal_process, minimal_base) = start_minimal_server(&host, &remote.resolve_entry(), dir.path(), b"{}").await;
    let minimal_url = format!("{minimal_base}/inbox");
    let coopfed_url = instance.url("/inbox");
    // Keys fetched and connections opened before the clock starts.
    for url in [&minimal_url, &coopfed_url] {
        let warm = drive(url, &warm_up).await;
        if warm.accepted.len() != senders {
            fail(&format!("the warm-up of {url} was not accepted: {}", warm.statuses()));
        }
    }
    out(&format!("{senders} senders of one server, {per_sender} activities each per round, one connection each"));
    let (mut minimal, mut coopfed) = (Vec::new(), Vec::new());
    for load in &rounds {
        minimal.push(drive(&minimal_url, load).await);
        coopfed.push(drive(&coopfed_url, load).await);
        out(&format!(
            "round {}: minimal {:.0}/s, coopfed {:.0}/s",
            minimal.len(),
            minimal.last().map_or(0.0, |run| run.rate),
            coopfed.last().map_or(0.0, |run| run.rate)
        ));
    }
    let (minimal, coopfed) = (Run::median(minimal), Run::median(coopfed));
    let (_, peak_rss) = memory_mb(instance.pid());
    let (minimal_rss, _) = memory_mb(minimal_process.id());
    let backend = if database.is_some() { "PostgreSQL" } else { "SQLite" };

    out(&format!("coopfed answers: {}; minimal inbox answers: {}", coopfed.statuses(), minimal.statuses()));
    let limit_text = rate_per_minute.map_or_else(|| "lifted".to_owned(), |n| format!("{n}/min per host"));
    out(&format!(
        "coopfed on {backend}, inbox limit {limit_text}; RSS idle {idle_rss:.0} MB, peak {peak_rss:.0} MB \
         (the minimal inbox: {minimal_rss:.0} MB)"
    ));
    out("| inbox | accepted | p50 ms | p99 ms | accepted/s | / signature checks/s |");
    out("|---|---:|---:|---:|---:|---:|");
    row("minimal (SQLite, group commit)", &minimal, verifications);
    row(&format!("coopfed ({backend})"), &coopfed, verifications);
    out(&format!("coopfed / minimal inbox: {:.2}", coopfed.rate / minimal.rate.max(1.0)));
    drop(instance);
}
