//! Key rotation: `coopfed keys rotate` and `/api/v1/admin/keys/rotate`, seen
//! by a partner instance and by a remote that keeps keys by their id.

use std::time::Duration;

use coopfed_test_support::{FakeOptions, FakeRemote, TestDatabase, TestInstance, free_port, wait_for, wait_until};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    federation::{add_job, jobs_on, partners_with_an_offer, start_network},
    support::{client, editor_token, expect_error, follow_from, on_both_databases, send_signed},
};

on_both_databases!(
    keys_rotate_between_partners,
    a_remote_that_keeps_keys_by_id_sees_the_rotation,
    a_remote_actors_replaced_key_still_verifies
);

async fn key_id_of(instance: &TestInstance, path: &str) -> String {
    let actor: Value = client()
        .get(instance.url(path))
        .header("accept", "application/activity+json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    actor["publicKey"]["id"].as_str().unwrap().to_owned()
}

/// (state, attempts) of every delivery an instance made.
fn deliveries(instance: &TestInstance) -> Vec<(String, u32)> {
    let listing = instance.cli(&["deliveries", "list", "--limit", "1000"], None).success().stdout;
    listing
        .lines()
        .skip(2)
        .filter_map(|line| {
            let parts: Vec<&str> = line.split_whitespace().collect();
            Some((parts.get(1)?.to_string(), parts.get(3)?.parse().ok()?))
        })
        .collect()
}

/// nl rotates every key from the command line while it runs; cotech takes
/// what nl sends next, and not one delivery is refused or retried.
async fn keys_rotate_between_partners(db: TestDatabase) {
    let (instances, _dbs) = partners_with_an_offer(&db, "Before the rotation").await;
    let (cotech, nl) = (&instances[0], &instances[1]);
    let all: Vec<&TestInstance> = instances.iter().collect();
    assert_eq!(key_id_of(nl, "/networks/nl").await, "http://nl.test/networks/nl#main-key");

    let rotated = nl.cli(&["keys", "rotate", "--all", "--grace-hours", "2"], None).success().stdout;
    // The instance actor, the network, two groups and one co-op.
    assert_eq!(rotated.lines().filter(|l| l.starts_with('[')).count(), 5, "{rotated}");
    assert!(rotated.contains("[5/5]") && rotated.contains("#main-key verifies until"), "{rotated}");
    let new_key = key_id_of(nl, "/networks/nl").await;
    assert!(new_key.starts_with("http://nl.test/networks/nl#key-"), "{new_key}");
    let listed = nl.cli(&["keys", "list"], None).success().stdout;
    assert!(listed.contains(&new_key) && listed.contains("replaced http://nl.test/networks/nl#main-key"), "{listed}");

    // The running server signs with the new keys at once.
    add_job(nl, "After the rotation", true);
    wait_for(&all, "the second offer to reach cotech", Duration::from_secs(30), || async {
        (jobs_on(cotech).await.len() == 2).then_some(())
    })
    .await;
    wait_for(&all, "every delivery of nl to be made", Duration::from_secs(30), || async {
        let rows = deliveries(nl);
        rows.iter().all(|(state, _)| state == "delivered").then_some(rows)
    })
    .await
    .iter()
    .for_each(|(_, attempts)| assert_eq!(*attempts, 1, "a delivery was refused and retried"));

    let audit = nl.cli(&["audit", "--action", "key.rotate"], None).success().stdout;
    assert_eq!(audit.lines().filter(|l| l.contains("key.rotate")).count(), 5, "{audit}");
}

/// A remote follower that keeps keys by id (fetched once, never again) gets
/// the group's `Update` and what follows it signed with the new key, after a
/// rotation through the admin API.
async fn a_remote_that_keeps_keys_by_id_sees_the_rotation(db: TestDatabase) {
    let port = free_port();
    let options = FakeOptions {
        shared_inbox: true,
        verify_signatures: true,
        resolve: vec![("nl.test".into(), format!("127.0.0.1:{port}").parse().unwrap())],
        ..FakeOptions::default()
    };
    let remote = FakeRemote::start_with_options("remote.test", &["alice"], options).await;
    let resolve = format!("nl.test=127.0.0.1:{port},{}", remote.resolve_entry());
    let nl = start_network(&db, "nl", port, &resolve).await;
    let follow = follow_from(&remote, "alice", "follow-1", "http://nl.test/groups/jobs");
    assert_eq!(send_signed(&nl, &remote, "/groups/jobs/inbox", follow).await.status(), StatusCode::ACCEPTED);
    let kinds = || remote.received().iter().filter_map(|a| a["type"].as_str().map(str::to_owned)).collect::<Vec<_>>();
    // Each offer comes twice: the page's id (for Mastodon) and its Create (for Lemmy).
    let announces = || kinds().iter().filter(|k| *k == "Announce").count();
    wait_until("the group to accept alice", Duration::from_secs(30), || async {
        kinds().contains(&"Accept".to_owned()).then_some(())
    })
    .await;
    nl.cli(&["members", "add", "outlandish", "--name", "Outlandish", "--country", "NL"], None).success();
    add_job(&nl, "Before the rotation", false);
    wait_until("the offer to reach alice", Duration::from_secs(30), || async { (announces() == 2).then_some(()) })
        .await;
    assert_eq!(remote.key_fetches(), ["http://nl.test/groups/jobs#main-key"]);

    let admin = nl.printed("API token:").unwrap();
    let rotate = |body: Value, token: String| {
        let url = nl.url("/api/v1/admin/keys/rotate");
        async move { client().post(url).bearer_auth(token).json(&body).send().await.unwrap() }
    };
    let neither = rotate(json!({}), admin.clone()).await;
    assert_eq!(expect_error(neither, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid");
    let unknown = rotate(json!({"actor": "@nobody@nl.test"}), admin.clone()).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let too_long = rotate(json!({"actor": "jobs", "grace_hours": 100_000}), admin.clone()).await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let editor = editor_token(&nl, "ed", Some("outlandish"), "a long editor password");
    assert_eq!(rotate(json!({"actor": "jobs"}), editor).await.status(), StatusCode::FORBIDDEN);

    let done = rotate(json!({"actor": "@jobs@nl.test"}), admin.clone()).await;
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    let new_key = done[0]["key_id"].as_str().unwrap().to_owned();
    assert!(new_key.starts_with("http://nl.test/groups/jobs#key-"), "{done}");
    assert_eq!(done[0]["retired_key_id"], "http://nl.test/groups/jobs#main-key");
    assert_eq!(key_id_of(&nl, "/groups/jobs").await, new_key);

    wait_until("the group's Update to reach alice", Duration::from_secs(30), || async {
        kinds().contains(&"Update".to_owned()).then_some(())
    })
    .await;
    let update = remote.received().into_iter().find(|a| a["type"] == "Update").unwrap();
    assert_eq!(update["object"]["publicKey"]["id"], new_key.as_str(), "{update}");
    add_job(&nl, "After the rotation", false);
    wait_until("the second offer to reach alice", Duration::from_secs(30), || async {
        (announces() == 4).then_some(())
    })
    .await;
    assert_eq!(remote.refused(), Vec::<String>::new());
    assert_eq!(remote.key_fetches(), ["http://nl.test/groups/jobs#main-key".to_owned(), new_key.clone()]);
    assert_eq!(remote.verified_key_ids().last(), Some(&new_key));

    let keys: Value =
        client().get(nl.url("/api/v1/admin/keys")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let jobs = keys.as_array().unwrap().iter().find(|k| k["handle"] == "@jobs@nl.test").unwrap();
    assert_eq!(jobs["key_id"], new_key.as_str());
    assert_eq!(jobs["retired"][0]["key_id"], "http://nl.test/groups/jobs#main-key");
    assert!(!keys.to_string().contains("PRIVATE"), "{keys}");
}

/// A remote actor rotates to a key with a new id: the next request signed
/// with it is taken (the new key fetched at once), and one still signed with
/// the replaced key verifies during the grace period.
async fn a_remote_actors_replaced_key_still_verifies(db: TestDatabase) {
    let remote = FakeRemote::start("remote.test", &["alice"]).await;
    let port = free_port();
    let nl = start_network(&db, "nl", port, &format!("nl.test=127.0.0.1:{port},{}", remote.resolve_entry())).await;
    let inbox = "/groups/jobs/inbox";
    let target = "http://nl.test/groups/jobs";
    let first = follow_from(&remote, "alice", "follow-1", target);
    assert_eq!(send_signed(&nl, &remote, inbox, first).await.status(), StatusCode::ACCEPTED);
    assert_eq!(remote.fetches(), 1);

    remote.rotate_key_to_new_id("alice");
    let second = follow_from(&remote, "alice", "follow-2", target);
    assert_eq!(send_signed(&nl, &remote, inbox, second).await.status(), StatusCode::ACCEPTED);
    assert_eq!(remote.fetches(), 2, "a key id not seen before is fetched at once");

    let late = follow_from(&remote, "alice", "follow-3", target);
    let headers = remote.sign_with_previous_key("alice", "POST", inbox, &nl.domain, Some(&late));
    let response = crate::support::post(&nl, inbox, late, &headers).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED, "the replaced key still verifies");
    assert_eq!(remote.fetches(), 2);
}
