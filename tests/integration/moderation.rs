//! The moderation queue: a `Flag` from another server (as Mastodon sends
//! them) lands in the queue with what was reported; an admin takes the item
//! down here or dismisses the report, through the API, the command line or
//! the console.

use std::time::Duration;

use coopfed_test_support::{FakeRemote, InstanceOptions, TestDatabase, TestInstance, wait_until};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{binary, client, expect_error, on_both_databases, send_signed, session_of};

on_both_databases!(reports_are_queued_and_resolved, a_reported_actor_is_blocked);

fn flag(remote: &FakeRemote, id: &str, objects: &[&str], comment: &str) -> Vec<u8> {
    json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/{id}", remote.base),
        "type": "Flag",
        "actor": remote.actor_id("alice"),
        "object": objects,
        "content": comment,
    })
    .to_string()
    .into_bytes()
}

async fn reports_are_queued_and_resolved(db: TestDatabase) {
    let remote = FakeRemote::start("mastodon.test", &["alice"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let admin = instance.printed("API token:").unwrap();
    instance.cli(&["members", "add", "outlandish", "--name", "Outlandish"], None).success();
    let added = instance
        .cli(
            &[
                "jobs",
                "add",
                "--member",
                "outlandish",
                "--title",
                "Crypto riches fast",
                "--description",
                "Send money.",
                "--employment-type",
                "full_time",
                "--valid-through",
                "2099-12-31",
                "--apply-url",
                "https://outlandish.example/jobs",
                "--remote",
            ],
            None,
        )
        .success()
        .stdout;
    let job = added.split_whitespace().nth(1).unwrap().to_owned();
    let coop = "http://cotech.test/members/outlandish";

    // A report arrives (twice: kept once) and waits with what it reported.
    let report = flag(&remote, "flags/1", &[coop, &job], "<p>Spam offer</p>");
    assert_eq!(send_signed(&instance, &remote, "/inbox", report.clone()).await.status(), StatusCode::ACCEPTED);
    let open = |token: String| {
        let url = instance.url("/api/v1/admin/reports?state=open");
        async move { client().get(url).bearer_auth(token).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let page = wait_until("the report to be queued", Duration::from_secs(30), || async {
        let page = open(admin.clone()).await;
        (page["items"].as_array().map(Vec::len) == Some(1)).then_some(page)
    })
    .await;
    let item = &page["items"][0];
    assert_eq!(item["reporter"], remote.actor_id("alice"));
    assert_eq!(item["comment"], "Spam offer");
    assert_eq!(item["snapshot"][0]["kind"], "coop");
    assert_eq!(item["snapshot"][1]["title"], "Crypto riches fast");
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(send_signed(&instance, &remote, "/inbox", report).await.status(), StatusCode::ACCEPTED);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(open(admin.clone()).await["items"].as_array().map(Vec::len), Some(1), "kept once");

    // This instance's own items cannot have their domain blocked.
    let resolve = |id: &str, action: &str| {
        client()
            .post(instance.url(&format!("/api/v1/admin/reports/{id}/resolve")))
            .bearer_auth(&admin)
            .json(&json!({ "action": action }))
            .send()
    };
    expect_error(resolve(&id, "block_domain").await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY).await;
    expect_error(resolve(&id, "ban").await.unwrap(), StatusCode::UNPROCESSABLE_ENTITY).await;
    // Taken down: gone from the board, the API, the feed and its page.
    let taken = resolve(&id, "take_down").await.unwrap();
    assert_eq!(taken.status(), StatusCode::OK);
    let taken: Value = taken.json().await.unwrap();
    assert_eq!(taken["resolution"], "taken_down");
    let listing: Value = client().get(instance.url("/api/v1/jobs")).send().await.unwrap().json().await.unwrap();
    assert_eq!(listing["items"], json!([]));
    let feed = client().get(instance.url("/feeds/jobs.atom")).send().await.unwrap().text().await.unwrap();
    assert!(!feed.contains("Crypto riches"), "{feed}");
    let board = client().get(instance.url("/jobs")).send().await.unwrap().text().await.unwrap();
    assert!(!board.contains("Crypto riches"));
    let (members, _) = crate::support::member_pages(&instance, "", 50).await;
    assert!(members.is_empty(), "the co-op is taken down too: {members:?}");
    expect_error(resolve(&id, "dismiss").await.unwrap(), StatusCode::CONFLICT).await;

    // Another report, dismissed on the command line.
    let second = flag(&remote, "flags/2", &[&job], "again");
    assert_eq!(send_signed(&instance, &remote, "/inbox", second).await.status(), StatusCode::ACCEPTED);
    let page = wait_until("the second report", Duration::from_secs(30), || async {
        let page = open(admin.clone()).await;
        (page["items"].as_array().map(Vec::len) == Some(1)).then_some(page)
    })
    .await;
    let second_id = page["items"][0]["id"].as_str().unwrap().to_owned();
    let listed = instance.cli(&["reports", "list"], None).success().stdout;
    assert!(listed.contains(&second_id) && listed.contains("again"), "{listed}");
    instance.cli(&["reports", "resolve", &second_id, "dismiss"], None).success();
    let audit = instance.cli(&["audit", "--action", "report"], None).success().stdout;
    assert!(audit.contains("report.taken_down") && audit.contains("report.dismissed"), "{audit}");

    // Reports to other servers name their items; this instance's own, a mix
    // of servers or nothing are refused with a reason.
    for targets in [json!([job]), json!([]), json!(["http://a.example/x", "http://b.example/y"])] {
        let refused = client()
            .post(instance.url("/api/v1/admin/reports"))
            .bearer_auth(&admin)
            .json(&json!({ "targets": targets, "comment": "no" }))
            .send()
            .await
            .unwrap();
        assert_eq!(expect_error(refused, StatusCode::UNPROCESSABLE_ENTITY).await, "invalid", "{targets}");
    }
    let alice = remote.actor_id("alice");
    let sent = client()
        .post(instance.url("/api/v1/admin/reports"))
        .bearer_auth(&admin)
        .json(&json!({ "targets": [alice], "comment": "Spam offers" }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let flag = wait_until("our Flag to reach alice's server", Duration::from_secs(30), || async {
        remote.received().into_iter().find(|a| a["type"] == "Flag")
    })
    .await;
    assert_eq!(
        (flag["actor"].as_str(), flag["content"].as_str()),
        (Some("http://cotech.test/actor"), Some("Spam offers"))
    );

    // The console shows the resolved reports to admins, in German.
    instance
        .cli(&["admin", "create-user", "root", "--role", "admin", "--password-stdin"], Some("a long enough password\n"))
        .success();
    let session = session_of(&instance, "root", "a long enough password").await;
    let html = client()
        .get(instance.url("/admin/reports?state=resolved"))
        .header("Cookie", &session)
        .header("Accept-Language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Hier entfernt") && html.contains("Verworfen") && html.contains("Crypto riches fast"),
        "{html}"
    );
}

/// bob reports alice; the admin blocks who wrote it: alice's follow of our
/// jobs group ends and what she sends next is refused, until she is unblocked.
async fn a_reported_actor_is_blocked(db: TestDatabase) {
    let remote = FakeRemote::start("mastodon.test", &["alice", "bob"]).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), remote.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let admin = instance.printed("API token:").unwrap();
    let alice = remote.actor_id("alice");
    let follow = crate::support::follow_from(&remote, "alice", "follows/1", "http://cotech.test/groups/jobs");
    assert_eq!(send_signed(&instance, &remote, "/groups/jobs/inbox", follow).await.status(), StatusCode::ACCEPTED);
    let followers = || async {
        let doc: Value =
            client().get(instance.url("/groups/jobs/followers")).send().await.unwrap().json().await.unwrap();
        doc["totalItems"].as_i64().unwrap()
    };
    wait_until("alice to follow the jobs group", Duration::from_secs(30), || async {
        (followers().await == 1).then_some(())
    })
    .await;

    let report = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/flags/9", remote.base),
        "type": "Flag",
        "actor": remote.actor_id("bob"),
        "object": [alice.clone()],
        "content": "harassment",
    })
    .to_string()
    .into_bytes();
    let headers = remote.sign("bob", "POST", "/inbox", &instance.domain, Some(&report));
    assert_eq!(crate::support::post(&instance, "/inbox", report, &headers).await.status(), StatusCode::ACCEPTED);
    let id = wait_until("the report to be queued", Duration::from_secs(30), || async {
        let page = crate::support::get_with_token(&instance, "/api/v1/admin/reports?state=open", &admin).await?;
        page["items"][0]["id"].as_str().map(str::to_owned)
    })
    .await;
    let resolved = client()
        .post(instance.url(&format!("/api/v1/admin/reports/{id}/resolve")))
        .bearer_auth(&admin)
        .json(&json!({ "action": "block_actor" }))
        .send()
        .await
        .unwrap();
    assert_eq!(resolved.status(), StatusCode::OK);
    assert_eq!(resolved.json::<Value>().await.unwrap()["resolution"], "actor_blocked");
    assert_eq!(followers().await, 0, "the follow ended");
    let again = crate::support::follow_from(&remote, "alice", "follows/2", "http://cotech.test/groups/jobs");
    let refused = send_signed(&instance, &remote, "/groups/jobs/inbox", again.clone()).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "refused at once");
    let listed = instance.cli(&["actors", "blocked"], None).success().stdout;
    assert!(listed.contains(&alice), "{listed}");

    // Lifted on the command line: within 5 seconds the running server takes her again.
    instance.cli(&["actors", "unblock", &alice], None).success();
    wait_until("alice to be taken again", Duration::from_secs(30), || async {
        let response = send_signed(&instance, &remote, "/groups/jobs/inbox", again.clone()).await;
        (response.status() == StatusCode::ACCEPTED).then_some(())
    })
    .await;
    let unknown = client()
        .post(instance.url("/api/v1/admin/actors/block"))
        .bearer_auth(&admin)
        .json(&json!({ "actor": "https://nowhere.example/users/x" }))
        .send()
        .await
        .unwrap();
    expect_error(unknown, StatusCode::NOT_FOUND).await;
    let audit = instance.cli(&["audit", "--action", "actor"], None).success().stdout;
    assert!(audit.contains("actor.block") && audit.contains("actor.unblock"), "{audit}");
}
