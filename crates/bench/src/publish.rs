//! `publish`: the four demo networks, partners of each other and idle; a
//! CoTech co-op publishes an offer to all partner networks through the API,
//! and the benchmark asks each of the three partners' APIs every few
//! milliseconds until the offer is there. Measured: the time from sending
//! the offer until it is visible on every partner (and on each). No
//! baseline: the goal is absolute (p50 ≤ 200 ms).

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::{coopfed_binary, demo_federation, fail, fixtures, ms, out, quantile};

/// How often a partner is asked.
const POLL: Duration = Duration::from_millis(5);

pub(crate) async fn publish(rounds: usize, database: Option<&str>) {
    let (binary, fixtures) = (coopfed_binary(), fixtures());
    out(&format!("coopfed: {}, {}", binary.display(), if database.is_some() { "PostgreSQL" } else { "SQLite" }));
    out("starting the four demo networks and importing their data …");
    let (instances, _dbs) = demo_federation(&binary, &fixtures, database).await;
    let Some((cotech, partners)) = instances.split_first() else { fail("no instances") };
    let Some(token) = cotech.printed("API token:") else { fail("CoTech printed no API token") };
    let http = reqwest::Client::builder().no_proxy().build().unwrap_or_default();
    // Idle: the partnerships formed and the catch-up traffic is over.
    let started = Instant::now();
    while !all_list(&http, partners, "network=cotech.test&limit=1").await {
        if started.elapsed() > Duration::from_secs(120) {
            fail("the partners did not take CoTech's offers within 2 minutes");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;

    let mut everywhere = Vec::with_capacity(rounds);
    let mut each = Vec::with_capacity(rounds * partners.len());
    for round in 0..rounds {
        let word = format!("bench{round}x");
        let offer = json!({
            "member": "agile-collective",
            "title": format!("Rust developer {word}"),
            "description": "A benchmark offer, published to every partner network.",
            "employment_type": "full_time",
            "remote": true,
            "valid_through": "2099-12-31",
            "apply_email": "jobs@bench.example",
            "publish_to_all": true,
        });
        let sent = Instant::now();
        let created = http.post(cotech.url("/api/v1/jobs")).bearer_auth(&token).json(&offer).send().await;
        if !created.as_ref().is_ok_and(|r| r.status().is_success()) {
            let body = match created {
                Ok(response) => response.text().await.unwrap_or_default(),
                Err(error) => error.to_string(),
            };
            fail(&format!("the offer was not taken: {body}"));
        }
        let mut seen: Vec<Option<Duration>> = vec![None; partners.len()];
        while seen.iter().any(Option::is_none) {
            if sent.elapsed() > Duration::from_secs(30) {
                fail(&format!("round {round}: not on every partner after 30 s"));
            }
            for (partner, at) in partners.iter().zip(seen.iter_mut()).filter(|(_, at)| at.is_none()) {
                let url = partner.url(&format!("/api/v1/jobs?q={word}&limit=1"));
                let page: Value = match http.get(&url).send().await {
                    Ok(response) => response.json().await.unwrap_or_default(),
                    Err(_) => Value::Null,
                };
                if page["items"].as_array().is_some_and(|items| !items.is_empty()) {
                    *at = Some(sent.elapsed());
                }
            }
            tokio::time::sleep(POLL).await;
        }
        let times: Vec<Duration> = seen.into_iter().flatten().collect();
        everywhere.push(times.iter().max().copied().unwrap_or_default());
        each.extend(times);
        // Idle again before the next offer.
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    everywhere.sort();
    each.sort();
    out(&format!("{rounds} offers, each published to all partners; partners asked every {} ms", POLL.as_millis()));
    out("| visible | p50 ms | p99 ms | max ms |");
    out("|---|---:|---:|---:|");
    for (what, times) in [("on one partner", &each), ("on all three partners", &everywhere)] {
        out(&format!(
            "| {what} | {:.0} | {:.0} | {:.0} |",
            ms(quantile(times, 0.5)),
            ms(quantile(times, 0.99)),
            ms(times.last().copied().unwrap_or_default())
        ));
    }
}

/// Does each partner list at least one offer for `query`?
async fn all_list(http: &reqwest::Client, partners: &[coopfed_test_support::TestInstance], query: &str) -> bool {
    for partner in partners {
        let page: Value = match http.get(partner.url(&format!("/api/v1/jobs?{query}"))).send().await {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(_) => return false,
        };
        if page["items"].as_array().is_none_or(Vec::is_empty) {
            return false;
        }
    }
    true
}
