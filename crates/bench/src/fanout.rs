//! `fanout`: one offer of a co-op, announced by the network's `jobs` group to
//! N followers, each with its own inbox (no shared inbox), on one host or on
//! many (distinct host names on distinct loopback addresses 127.0.0.x). The
//! receiver answers 202 at once and notes when each delivery arrived.
//! Baseline, in the same run: RSA-2048 signatures per second with the
//! library coopfed signs with (each delivery is one signature).

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use coopfed_db::{
    Database, DatabaseUrl,
    actors::{ActorKind, ActorRow},
    follows::FollowState,
};
use coopfed_test_support::{InstanceOptions, TestDatabase, TestInstance, free_port};

use crate::{coopfed_binary, ms, out, quantile};

/// When each delivery arrived.
type Arrivals = Arc<Mutex<Vec<Instant>>>;

/// Signatures per second over `time`, one thread, signing the same kind of
/// request a delivery sends.
fn signatures_per_second(time: Duration) -> f64 {
    let keys = coopfed_service::keys::generate().unwrap_or_else(|e| {
        out(&format!("cannot make a key: {e}"));
        std::process::exit(1)
    });
    let key =
        coopfed_federation::signatures::SigningKey::from_pem("https://a.test/actor#main-key".into(), &keys.private_pem)
            .unwrap_or_else(|e| {
                out(&format!("cannot read the key: {e}"));
                std::process::exit(1)
            });
    let body = vec![b'x'; 1500];
    let start = Instant::now();
    let mut count = 0u32;
    while start.elapsed() < time {
        let _ = key.sign_request("POST", "/users/1/inbox", "h1.bench", Some(&body), std::time::SystemTime::now());
        count += 1;
    }
    f64::from(count) / start.elapsed().as_secs_f64()
}

/// Listens on `addresses` (all with one port) and notes every POST.
async fn receiver(addresses: &[SocketAddr], arrivals: Arrivals) {
    use axum::{Router, routing::post};
    for address in addresses {
        let listener = tokio::net::TcpListener::bind(address).await.unwrap_or_else(|e| {
            out(&format!("cannot listen on {address}: {e}"));
            std::process::exit(1)
        });
        let arrivals = Arc::clone(&arrivals);
        let app = Router::new().route(
            "/inbox/{n}",
            post(move || {
                let arrivals = Arc::clone(&arrivals);
                async move {
                    if let Ok(mut times) = arrivals.lock() {
                        times.push(Instant::now());
                    }
                    axum::http::StatusCode::ACCEPTED
                }
            }),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
    }
}

/// Makes `count` remote followers of the local `jobs` group, spread over
/// `domains`, straight in the database (no keys or Follows needed: they only receive).
async fn add_followers(url: &str, count: usize, domains: &[String]) {
    let url = DatabaseUrl::parse(url).unwrap_or_else(|e| {
        out(&format!("bad database URL: {e}"));
        std::process::exit(1)
    });
    let db = Database::connect(&url, 2).unwrap_or_else(|e| {
        out(&format!("cannot open the database: {e}"));
        std::process::exit(1)
    });
    let domains = domains.to_vec();
    let added = db
        .run(move |conn| {
            coopfed_db::transaction(conn, |conn| {
                let group = coopfed_db::actors::find_local(conn, ActorKind::Group, "jobs")?
                    .ok_or(coopfed_db::DbError::NotFound)?;
                let at = coopfed_db::now();
                for i in 0..count {
                    let domain = &domains[i % domains.len()];
                    let ap_id = format!("http://{domain}/users/{i}");
                    let row = ActorRow {
                        id: coopfed_db::ActorId(coopfed_db::new_id()),
                        ap_id: ap_id.clone(),
                        kind: ActorKind::Person,
                        username: format!("reader{i}"),
                        domain: domain.clone(),
                        display_name: format!("Reader {i}"),
                        summary: None,
                        network_id: None,
                        is_local: false,
                        inbox_url: format!("http://{domain}/inbox/{i}"),
                        shared_inbox_url: None,
                        outbox_url: None,
                        followers_url: None,
                        public_key_pem: String::new(),
                        private_key_pem: None,
                        created_at: at,
                        updated_at: at,
                        fetched_at: Some(at),
                        public_key_id: Some(format!("{ap_id}#main-key")),
                    };
                    let follower = coopfed_db::actors::upsert_remote(conn, &row)?;
                    let activity = format!("http://{domain}/follows/{i}");
                    coopfed_db::follows::upsert(conn, &follower.id, &group.id, FollowState::Accepted, &activity)?;
                }
                Ok::<_, coopfed_db::DbError>(count)
            })
        })
        .await;
    if let Err(error) = added {
        out(&format!("cannot add the followers: {error}"));
        std::process::exit(1);
    }
}

pub(crate) async fn fanout(followers: usize, hosts: usize, database: Option<&str>, workers: usize) {
    let binary = coopfed_binary();
    out(&format!("coopfed: {}", binary.display()));
    let signatures = tokio::task::spawn_blocking(|| signatures_per_second(Duration::from_secs(3))).await.unwrap_or(0.0);
    out(&format!("baseline: {signatures:.0} RSA-2048 signatures/s (one thread)"));

    let hosts = hosts.clamp(1, followers.max(1));
    let port = free_port();
    let domains: Vec<String> = (0..hosts).map(|i| format!("h{i}.bench")).collect();
    // Up to 250 distinct loopback addresses; more host names share them.
    let addresses: Vec<SocketAddr> =
        (0..hosts.min(250)).filter_map(|i| format!("127.0.0.{}:{port}", 2 + i).parse().ok()).collect();
    let arrivals: Arrivals = Arc::default();
    receiver(&addresses, Arc::clone(&arrivals)).await;
    let resolve: Vec<String> =
        domains.iter().enumerate().map(|(i, d)| format!("{d}={}", addresses[i % addresses.len()])).collect();

    let db = database.map_or_else(TestDatabase::sqlite, TestDatabase::postgres);
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.join(","));
    options.env.insert("COOPFED_LOG".into(), "warn".into());
    let instance = TestInstance::spawn(&binary, &db, options).await;
    // More delivery workers beside the server's own (`coopfed worker`, PostgreSQL only).
    let extra_workers: Vec<_> = if database.is_some() {
        (1..workers.max(1)).map(|_| instance.start_worker()).collect()
    } else {
        if workers > 1 {
            out("more workers need PostgreSQL (--database); measuring the server's own worker");
        }
        Vec::new()
    };
    add_followers(db.url(), followers, &domains).await;
    crate::add_bench_coop(&instance);

    let published = Instant::now();
    crate::add_bench_offer(&instance, "A benchmark offer.");
    let cli_done = published.elapsed();
    // Each follower gets the offer twice: its id (Mastodon) and its Create (Lemmy).
    let expected = 2 * followers;
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let got = arrivals.lock().map(|a| a.len()).unwrap_or(0);
        if got >= expected || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut times: Vec<Duration> =
        arrivals.lock().map(|a| a.iter().map(|t| t.duration_since(published)).collect()).unwrap_or_default();
    times.sort();
    let (Some(first), Some(last)) = (times.first().copied(), times.last().copied()) else {
        out("nothing arrived");
        std::process::exit(1);
    };
    let span = last.saturating_sub(first).as_secs_f64().max(0.001);
    #[expect(clippy::cast_precision_loss, reason = "a count")]
    let rate = times.len() as f64 / span;
    out(&format!(
        "{} deliveries to {followers} followers on {hosts} host(s) ({} addresses); the offer stored after {:.0} ms",
        times.len(),
        addresses.len(),
        ms(cli_done)
    ));
    out(&format!(
        "coopfed on {}, {} delivery worker(s)",
        if database.is_some() { "PostgreSQL" } else { "SQLite" },
        1 + extra_workers.len()
    ));
    out("| followers | hosts | deliveries | first ms | p50 ms | p99 ms | last ms | deliveries/s | / signatures/s |");
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    out(&format!(
        "| {followers} | {hosts} | {} | {:.0} | {:.0} | {:.0} | {:.0} | {rate:.0} | {:.2} |",
        times.len(),
        ms(first),
        ms(quantile(&times, 0.5)),
        ms(quantile(&times, 0.99)),
        ms(last),
        rate / signatures.max(1.0)
    ));
    if times.len() < expected {
        out(&format!("only {} of {expected} deliveries arrived within 10 minutes", times.len()));
    }
    drop(extra_workers);
    drop(instance);
}
