//! The delivery queue under stress: a partner that is down, a sender killed
//! with SIGKILL in the middle of a fan-out, several workers on one queue.

use std::{collections::BTreeSet, time::Duration};

use coopfed_test_support::{
    FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance, free_port, wait_until,
};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::support::{binary, client, on_both_databases};

on_both_databases!(a_partner_that_was_down_gets_the_job, sigkill_during_a_fan_out_loses_nothing);

fn options(slug: &str, port: u16, resolve: &str) -> InstanceOptions {
    let mut options = InstanceOptions::network(slug);
    options.bind = Some(format!("127.0.0.1:{port}"));
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve.to_owned());
    options.env.insert("COOPFED_RETRY_BASE_SECS".into(), "1".into());
    options.env.insert("COOPFED_DELIVERY_LEASE_SECS".into(), "3".into());
    options
}

fn publish(instance: &TestInstance, title: &str, to_all: bool) -> String {
    let mut args = vec![
        "jobs",
        "add",
        "--member",
        "outlandish",
        "--title",
        title,
        "--description",
        "Come and work with us.",
        "--employment-type",
        "contract",
        "--valid-through",
        "2099-01-31",
        "--apply-email",
        "jobs@outlandish.example",
    ];
    if to_all {
        args.push("--to-all");
    }
    let out = instance.cli(&args, None).success().stdout;
    out.split_whitespace().nth(1).unwrap().to_owned()
}

async fn job_ids(instance: &TestInstance) -> Vec<String> {
    let Ok(response) = client().get(instance.url("/api/v1/jobs")).send().await else { return Vec::new() };
    let page: Value = response.json().await.unwrap_or_default();
    page["items"]
        .as_array()
        .map(|items| items.iter().filter_map(|j| j["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

async fn a_partner_that_was_down_gets_the_job(db: TestDatabase) {
    let (cotech_port, fr_port) = (free_port(), free_port());
    let resolve = format!("cotech.test=127.0.0.1:{cotech_port},fr.test=127.0.0.1:{fr_port}");
    let fr_db = db.sibling();
    let cotech = TestInstance::spawn(binary(), &db, options("cotech", cotech_port, &resolve)).await;
    let fr = TestInstance::spawn(binary(), &fr_db, options("fr", fr_port, &resolve)).await;
    cotech.cli(&["follow", "@fr@fr.test"], None).success();
    fr.cli(&["follow", "@cotech@cotech.test"], None).success();
    wait_until("cotech and fr to be partners", Duration::from_secs(30), || async {
        let listing = cotech.cli(&["follows"], None).success().stdout;
        (listing.lines().filter(|l| l.split_whitespace().nth(3) == Some("yes")).count() == 2).then_some(())
    })
    .await;
    cotech.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();

    // fr goes down; the job is published meanwhile.
    assert!(fr.terminate().await.success());
    let job = publish(&cotech, "Accessibility consultant", true);
    wait_until("a failed delivery attempt to fr", Duration::from_secs(30), || async {
        let listing = cotech.cli(&["deliveries", "list", "--state", "pending"], None).success().stdout;
        listing.lines().any(|l| l.contains("fr.test") && l.contains("Create")).then_some(())
    })
    .await;

    wait_until("fr to show as failing", Duration::from_secs(30), || async {
        let hosts = cotech.cli(&["deliveries", "hosts"], None).success().stdout;
        hosts.lines().any(|l| l.starts_with("fr.test") && l.contains("failing")).then_some(())
    })
    .await;
    // An admin gives up on fr, then (from the command line) tries again.
    let token = cotech.printed("API token:").unwrap();
    let given_up: Value = client()
        .post(cotech.url("/api/v1/admin/deliveries/give-up"))
        .bearer_auth(&token)
        .json(&json!({"host": "fr.test"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(given_up["given_up"].as_u64().unwrap() >= 1, "{given_up}");
    let failed = cotech.cli(&["deliveries", "list", "--state", "failed"], None).success().stdout;
    assert!(failed.lines().any(|l| l.contains("fr.test") && l.contains("given up by admin")), "{failed}");
    let retried = cotech.cli(&["deliveries", "retry", "--host", "fr.test"], None).success().stdout;
    assert!(!retried.starts_with("0 "), "{retried}");
    let audit = cotech.cli(&["audit", "--action", "deliveries"], None).success().stdout;
    assert!(audit.contains("deliveries.give_up") && audit.contains("deliveries.retry"), "{audit}");

    // fr comes back on the same database and port; the job arrives.
    let fr = TestInstance::spawn(binary(), &fr_db, options("fr", fr_port, &resolve)).await;
    wait_until("the job to reach fr after its restart", Duration::from_secs(60), || async {
        job_ids(&fr).await.contains(&job).then_some(())
    })
    .await;
    assert_eq!(job_ids(&fr).await, vec![job]);
}

/// Makes every fake actor follow the instance's jobs group and waits for the Accepts.
async fn follow_jobs_group(instance: &TestInstance, remote: &FakeRemote, names: &[String]) {
    let inbox = "/groups/jobs/inbox";
    for name in names {
        let body = json!({
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": format!("{}/activities/follow-{name}", remote.base),
            "type": "Follow",
            "actor": remote.actor_id(name),
            "object": format!("http://{}/groups/jobs", instance.domain),
        })
        .to_string()
        .into_bytes();
        let mut request = client().post(instance.url(inbox)).header(header::CONTENT_TYPE, "application/activity+json");
        for (header_name, value) in remote.sign(name, "POST", inbox, &instance.domain, Some(&body)) {
            request = request.header(header_name, value);
        }
        let response = request.body(body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::ACCEPTED);
    }
    wait_until("every follower to be accepted", Duration::from_secs(60), || async {
        let accepts = remote.received().iter().filter(|a| a["type"] == "Accept").count();
        (accepts >= names.len()).then_some(())
    })
    .await;
}

/// Distinct (inbox, activity) pairs of Announces, and how many POSTs there were in all.
fn announces(remote: &FakeRemote) -> (BTreeSet<(String, String)>, usize) {
    let received = remote.received();
    let deliveries = remote.deliveries();
    let pairs: Vec<(String, String)> = deliveries
        .into_iter()
        .zip(received.iter())
        .filter(|(_, activity)| activity["type"] == "Announce")
        .map(|(pair, _)| pair)
        .collect();
    let total = pairs.len();
    (pairs.into_iter().collect(), total)
}

async fn sigkill_during_a_fan_out_loses_nothing(db: TestDatabase) {
    let names: Vec<String> = (0..40).map(|i| format!("reader{i:02}")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let slow = FakeOptions { delay: Duration::from_millis(150), ..FakeOptions::default() };
    let remote = FakeRemote::start_with_options("readers.test", &name_refs, slow).await;
    let port = free_port();
    let options = options("cotech", port, &remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options.clone()).await;
    follow_jobs_group(&instance, &remote, &names).await;
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();

    publish(&instance, "Systems administrator", false);
    // Two announcements (the Create, and the Page) to each of the 40 inboxes.
    let expected = 2 * names.len();
    wait_until("the fan-out to be under way", Duration::from_secs(30), || async {
        (announces(&remote).0.len() >= 8).then_some(())
    })
    .await;
    instance.kill().await;
    let (before_restart, _) = announces(&remote);
    assert!(before_restart.len() < expected, "the kill came after the fan-out ended");

    let instance = TestInstance::spawn(binary(), &db, options).await;
    let (pairs, total) = wait_until("every inbox to get every announcement", Duration::from_secs(90), || async {
        let (pairs, total) = announces(&remote);
        (pairs.len() == expected).then_some((pairs, total))
    })
    .await;
    let activities: BTreeSet<&String> = pairs.iter().map(|(_, activity)| activity).collect();
    assert_eq!(activities.len(), 2, "the same two activities everywhere");
    let inboxes: BTreeSet<&String> = pairs.iter().map(|(inbox, _)| inbox).collect();
    assert_eq!(inboxes.len(), names.len());
    // A delivery in flight at the kill may arrive twice; receivers de-duplicate
    // by activity id. At most the deliveries in flight (4 per host) repeat.
    assert!(total - expected <= 8, "{} repeated deliveries", total - expected);
    drop(instance);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_the_queue_without_double_sends() {
    let Some(db) = coopfed_test_support::postgres_or_skip("two_workers_share_the_queue_without_double_sends") else {
        return;
    };
    let names: Vec<String> = (0..30).map(|i| format!("reader{i:02}")).collect();
    let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let options_for_remote = FakeOptions { delay: Duration::from_millis(50), ..FakeOptions::default() };
    let remote = FakeRemote::start_with_options("readers.test", &name_refs, options_for_remote).await;
    let instance = TestInstance::spawn(binary(), &db, options("cotech", free_port(), &remote.resolve_entry())).await;
    let mut second = instance.start_worker();
    let mut third = instance.start_worker();
    follow_jobs_group(&instance, &remote, &names).await;
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    for i in 0..3 {
        publish(&instance, &format!("Developer {i}"), false);
    }
    let expected = 3 * 2 * names.len();
    wait_until("every announcement to arrive", Duration::from_secs(90), || async {
        (announces(&remote).0.len() == expected).then_some(())
    })
    .await;
    // Give a double send the time to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (pairs, total) = announces(&remote);
    assert_eq!(pairs.len(), expected);
    assert_eq!(total, expected, "no delivery was sent twice");
    for worker in [&mut second, &mut third] {
        assert!(matches!(worker.try_wait(), Ok(None)), "the extra workers ran all along");
    }
}
