//! The hostile federation suite: servers that lie, run one attack after
//! another against one instance. Each attack states what it tries and what
//! must (not) happen; `SECURITY.md` names the defence each one checks.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use coopfed_test_support::{FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance, wait_until};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{binary, expect_error, fixture, follow_from, on_both_databases, post};

on_both_databases!(hostile_federation, slow_clients_are_cut_off);

/// One instance (`cotech.test`) and the servers that attack it.
struct Lab {
    instance: TestInstance,
    db: TestDatabase,
    /// `evil.test`: a network (`evil`, a Group whose id has `/networks/`) and
    /// co-ops it would like us to list.
    evil: FakeRemote,
    /// `remote.test`: people (`alice`, `mallory`).
    remote: FakeRemote,
}

/// Inbox requests per minute and verified host in the lab: low, so that a
/// flood shows (twice that in a burst; five times that per client address).
const RATE: &str = "20";

impl Lab {
    async fn start(db: TestDatabase) -> Self {
        let options = FakeOptions { shared_inbox: true, actor_path: "networks", ..FakeOptions::default() };
        let evil = FakeRemote::start_with_options("evil.test", &["evil", "fake1", "fake2"], options).await;
        evil.set_actor_fields("evil", json!({ "type": "Group", "name": "Evil network" }));
        for name in ["fake1", "fake2"] {
            evil.set_actor_fields(name, json!({ "type": "Organization", "name": format!("Fake co-op {name}") }));
        }
        let members = format!("{}/members", evil.actor_id("evil"));
        evil.serve(
            "/networks/evil/members",
            json!({ "id": members, "type": "OrderedCollection", "totalItems": 2, "first": format!("{members}?page=true") }),
        );
        evil.serve(
            "/networks/evil/members?page=true",
            json!({
                "id": format!("{members}?page=true"),
                "type": "OrderedCollectionPage",
                "partOf": members,
                "orderedItems": [evil.actor_id("fake1"), evil.actor_id("fake2")],
            }),
        );
        let remote = FakeRemote::start("remote.test", &["alice", "mallory"]).await;
        let mut options = InstanceOptions::network("cotech");
        let resolve = format!("{},{}", evil.resolve_entry(), remote.resolve_entry());
        options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), resolve);
        options.env.insert("COOPFED_INBOX_RATE_PER_MINUTE".into(), RATE.into());
        let instance = TestInstance::spawn(binary(), &db, options).await;
        instance.cli(&["import", "members", &fixture("members/cotech.yaml")], None).success();
        Self { instance, db, evil, remote }
    }

    /// POSTs `activity` with the given signature headers; returns the response.
    async fn send_with(&self, inbox: &str, activity: &Value, headers: &[(&str, String)]) -> reqwest::Response {
        post(&self.instance, inbox, activity.to_string().into_bytes(), headers).await
    }

    /// POSTs `activity` to `inbox`, signed by the fake actor `name` of `remote`.
    async fn send(&self, remote: &FakeRemote, name: &str, inbox: &str, activity: &Value) -> StatusCode {
        let body = activity.to_string().into_bytes();
        let headers = remote.sign(name, "POST", inbox, &self.instance.domain, Some(&body));
        post(&self.instance, inbox, body, &headers).await.status()
    }

    /// Waits until the stored activity `id` has been processed.
    async fn processed(&self, id: &str) {
        let condition = format!("activity_id = '{id}' AND processed_at IS NOT NULL");
        wait_until(&format!("{id} to be processed"), Duration::from_secs(20), || async {
            (self.db.count_where("inbox_activities", &condition) == 1).then_some(())
        })
        .await;
    }

    /// Mirrored co-ops of `domain`.
    fn mirrored_from(&self, domain: &str) -> i64 {
        let condition = format!("network_id IN (SELECT id FROM networks WHERE domain = '{domain}')");
        self.db.count_where("member_coops", &condition)
    }
}

/// One attack of the suite.
type Attack = fn(Arc<Lab>) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// `(name, attack)` for the table.
macro_rules! attack {
    ($name:ident) => {
        (stringify!($name), (|lab: Arc<Lab>| Box::pin(async move { $name(&lab).await })) as Attack)
    };
}

/// Runs every attack in turn against one instance; a failing attack does
/// not stop the others, and the test fails naming each one that failed.
async fn hostile_federation(db: TestDatabase) {
    let lab = Arc::new(Lab::start(db).await);
    let attacks: &[(&str, Attack)] = &[
        attack!(fake_partner_lists_no_co_ops),
        attack!(evil_becomes_a_partner),
        attack!(long_hosts_are_refused_at_once),
        attack!(unsigned_floods_do_not_throttle_a_partner),
        attack!(signatures_made_for_another_server_or_path),
        attack!(activities_of_our_own_actors_are_refused),
        attack!(keys_are_fetched_from_the_actors_origin_and_rarely),
        attack!(unknown_and_oversized_activities_are_not_stored),
        attack!(remote_fields_are_checked_like_local_input),
        attack!(only_the_author_changes_or_withdraws),
        attack!(processed_activities_are_emptied_and_still_recognised),
    ];
    let mut failed = Vec::new();
    for (name, attack) in attacks {
        // Each attack runs on a thread of its own (its panic is caught here;
        // its blocking command-line calls leave the fake servers running).
        let (runtime, run) = (tokio::runtime::Handle::current(), attack(Arc::clone(&lab)));
        if tokio::task::spawn_blocking(move || runtime.block_on(run)).await.is_err() {
            failed.push(*name);
        }
    }
    assert!(failed.is_empty(), "attacks not withstood: {failed:?}");
}

/// Sets up a partnership with evil (it follows our network back): later
/// attacks come from a partner, which is trusted with offers but not more.
async fn evil_becomes_a_partner(lab: &Lab) {
    let evil = &lab.evil;
    let follow = follow_from(evil, "evil", "follow-network", "http://cotech.test/networks/cotech");
    let follow: Value = serde_json::from_slice(&follow).unwrap();
    assert_eq!(lab.send(evil, "evil", "/networks/cotech/inbox", &follow).await, StatusCode::ACCEPTED);
    wait_until("evil to be a partner", Duration::from_secs(20), || async {
        let rows = lab.instance.cli(&["follows"], None).success().stdout;
        let partner = |line: &str| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            columns.first().is_some_and(|f| f.contains("evil.test")) && columns.get(3) == Some(&"yes")
        };
        rows.lines().any(partner).then_some(())
    })
    .await;
}

/// H2: a claimed actor host longer than a host name can be is refused at
/// once (400), before anything is counted, fetched or stored.
async fn long_hosts_are_refused_at_once(lab: &Lab) {
    let stored = lab.db.count("inbox_activities");
    for host in [format!("{}.test", "a".repeat(300)), format!("{}.evil.test", "b".repeat(64))] {
        let actor = format!("http://{host}/users/x");
        let activity = json!({ "id": format!("{actor}/a"), "type": "Follow", "actor": actor, "object": "http://cotech.test/groups/jobs" });
        let response = lab.send_with("/inbox", &activity, &[]).await;
        assert_eq!(expect_error(response, StatusCode::BAD_REQUEST).await, "bad_request", "{host}");
    }
    assert_eq!(lab.db.count("inbox_activities"), stored);
}

/// M1: unsigned requests that claim to come from a partner are counted for
/// the client's address, not for the partner: its real deliveries go on.
async fn unsigned_floods_do_not_throttle_a_partner(lab: &Lab) {
    let evil = &lab.evil;
    let network = evil.actor_id("evil");
    let burst: usize = RATE.parse::<usize>().unwrap() * 2;
    for i in 0..burst + 5 {
        let activity = json!({ "id": format!("{network}/activities/flood-{i}"), "type": "Announce", "actor": network, "object": format!("{network}/x") });
        let response = lab.send_with("/inbox", &activity, &[]).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "request {i}");
    }
    let real = json!({ "id": format!("{network}/activities/real-1"), "type": "Undo", "actor": network, "object": format!("{network}/activities/nothing") });
    assert_eq!(lab.send(evil, "evil", "/inbox", &real).await, StatusCode::ACCEPTED, "the partner is not throttled");
    // Nor when it sends more than a stranger may (a burst of offers published to all).
    for i in 0..burst + 5 {
        let burst_item = json!({ "id": format!("{network}/activities/burst-{i}"), "type": "Undo", "actor": network, "object": format!("{network}/activities/nothing") });
        assert_eq!(lab.send(evil, "evil", "/inbox", &burst_item).await, StatusCode::ACCEPTED, "partner request {i}");
    }
}

/// M2: a signature is bound to this server and to the request's target.
async fn signatures_made_for_another_server_or_path(lab: &Lab) {
    let remote = &lab.remote;
    let stored = lab.db.count("inbox_activities");
    let follow: Value =
        serde_json::from_slice(&follow_from(remote, "alice", "bound-1", "http://cotech.test/groups/jobs")).unwrap();
    let body = follow.to_string().into_bytes();
    // Signed for another server (a replay of a delivery made to it).
    let mut elsewhere = remote.sign("alice", "POST", "/groups/jobs/inbox", "other.test", Some(&body));
    let response = lab.send_with("/groups/jobs/inbox", &follow, &elsewhere).await;
    assert_eq!(expect_error(response, StatusCode::UNAUTHORIZED).await, "bad_signature");
    // With the Host we expect, but the signature still names the other server.
    for (name, value) in &mut elsewhere {
        if *name == "Host" {
            *value = "cotech.test".into();
        }
    }
    let response = lab.send_with("/groups/jobs/inbox", &follow, &elsewhere).await;
    assert_eq!(expect_error(response, StatusCode::UNAUTHORIZED).await, "bad_signature");
    // A signature that leaves out (request-target).
    let mut untargeted = remote.sign("alice", "POST", "/groups/jobs/inbox", "cotech.test", Some(&body));
    for (name, value) in &mut untargeted {
        if *name == "Signature" {
            *value = value.replace("(request-target) ", "");
        }
    }
    let response = lab.send_with("/groups/jobs/inbox", &follow, &untargeted).await;
    assert_eq!(expect_error(response, StatusCode::UNAUTHORIZED).await, "bad_signature");
    assert_eq!(lab.db.count("inbox_activities"), stored);
}

/// M2: an activity in the name of one of our own actors (a Delete our co-op
/// once sent to a follower, replayed) is refused and changes nothing.
async fn activities_of_our_own_actors_are_refused(lab: &Lab) {
    let coop = "http://cotech.test/members/outlandish";
    let delete = json!({ "id": format!("{coop}#delete"), "type": "Delete", "actor": coop, "object": coop });
    let headers = lab.evil.sign("evil", "POST", "/inbox", "cotech.test", Some(delete.to_string().as_bytes()));
    let response = lab.send_with("/inbox", &delete, &headers).await;
    assert_eq!(expect_error(response, StatusCode::FORBIDDEN).await, "forbidden");
    assert_eq!(lab.db.count_where("inbox_activities", &format!("actor_ap_id = '{coop}'")), 0);
    assert_eq!(lab.db.count_where("member_coops", "slug = 'outlandish'"), 1, "the co-op is still listed");
}

/// M4: a key on another server than the actor is refused without a fetch;
/// forged signatures do not make us fetch a known actor again and again;
/// a 401 says nothing about why a key could not be had.
async fn keys_are_fetched_from_the_actors_origin_and_rarely(lab: &Lab) {
    let (remote, evil) = (&lab.remote, &lab.evil);
    // alice becomes known.
    let follow: Value =
        serde_json::from_slice(&follow_from(remote, "alice", "keys-1", "http://cotech.test/groups/news")).unwrap();
    assert_eq!(lab.send(remote, "alice", "/groups/news/inbox", &follow).await, StatusCode::ACCEPTED);
    // alice's Follow signed with a key that lives on evil.test.
    let evil_gets = evil.gets().len();
    let follow: Value =
        serde_json::from_slice(&follow_from(remote, "alice", "keys-2", "http://cotech.test/groups/jobs")).unwrap();
    let headers = evil.sign("evil", "POST", "/groups/jobs/inbox", "cotech.test", Some(follow.to_string().as_bytes()));
    let response = lab.send_with("/groups/jobs/inbox", &follow, &headers).await;
    assert_eq!(expect_error(response, StatusCode::UNAUTHORIZED).await, "bad_signature");
    assert_eq!(evil.gets().len(), evil_gets, "the foreign key was not fetched");
    // Ten forgeries naming alice's key: alice is not fetched again.
    let fetches = remote.fetches();
    for i in 0..10 {
        let follow: Value = serde_json::from_slice(&follow_from(
            remote,
            "alice",
            &format!("forged-{i}"),
            "http://cotech.test/groups/jobs",
        ))
        .unwrap();
        let mut headers =
            remote.sign("mallory", "POST", "/groups/jobs/inbox", "cotech.test", Some(follow.to_string().as_bytes()));
        for (name, value) in &mut headers {
            if *name == "Signature" {
                *value = value.replace("/users/mallory#main-key", "/users/alice#main-key");
            }
        }
        let response = lab.send_with("/groups/jobs/inbox", &follow, &headers).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "forgery {i}");
    }
    assert_eq!(remote.fetches(), fetches, "no fetch for forged signatures of a known actor");
    // A key that cannot be fetched: the 401 names no status, port or cause.
    let ghost = remote.actor_id("ghost");
    let activity = json!({ "id": format!("{ghost}/a"), "type": "Follow", "actor": ghost, "object": "http://cotech.test/groups/jobs" });
    let mut headers = remote.sign("alice", "POST", "/inbox", "cotech.test", Some(activity.to_string().as_bytes()));
    for (name, value) in &mut headers {
        if *name == "Signature" {
            *value = value.replace("/users/alice#", "/users/ghost#");
        }
    }
    let response = lab.send_with("/inbox", &activity, &headers).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    for leak in ["404", "status", "127.0.0.1", "remote.test", "answered"] {
        assert!(!message.contains(leak), "{message}");
    }
}

/// M5: types coopfed does not act on are answered 202 and not stored; a
/// Follow larger than any Follow is refused.
async fn unknown_and_oversized_activities_are_not_stored(lab: &Lab) {
    let remote = &lab.remote;
    let stored = lab.db.count("inbox_activities");
    let alice = remote.actor_id("alice");
    let like = json!({ "id": format!("{alice}/like-1"), "type": "Like", "actor": alice, "object": "http://cotech.test/groups/jobs" });
    assert_eq!(lab.send(remote, "alice", "/inbox", &like).await, StatusCode::ACCEPTED);
    let huge = json!({ "id": format!("{alice}/big-1"), "type": "Follow", "actor": alice, "object": "http://cotech.test/groups/jobs", "padding": "x".repeat(100 * 1024) });
    assert_eq!(lab.send(remote, "alice", "/inbox", &huge).await, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(lab.db.count("inbox_activities"), stored);
}

/// The offer a partner's co-op `fake1` publishes to our jobs group.
fn hostile_offer(lab: &Lab, title: &str) -> Value {
    let author = lab.evil.actor_id("fake1");
    json!({
        "id": format!("{author}/jobs/1"),
        "type": "Page",
        "name": title,
        "summary": "<p>Great <img src=x onerror=alert(1)> job &amp; more</p>",
        "content": "<p>Come <script>alert(2)</script>work with us</p>",
        "attributedTo": author,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": ["http://cotech.test/groups/jobs"],
        "audience": "http://cotech.test/groups/jobs",
        "schema:validThrough": "2099-01-01",
        "schema:applicationContact": { "schema:url": "javascript:alert(3)", "schema:email": "a@@b" },
        "schema:jobLocation": { "type": "Place", "schema:addressLocality": "Paris\rX-INJECT:1", "schema:addressCountry": "Evilland" },
    })
}

/// M7: what a partner's co-op sends reaches the API only as local input
/// would: no `javascript:` links, no bad e-mail or country, a summary in
/// plain text, no control characters; an event's online link likewise, and
/// nothing of it leaks into the calendar feed.
async fn remote_fields_are_checked_like_local_input(lab: &Lab) {
    let evil = &lab.evil;
    let author = evil.actor_id("fake1");
    let create = |id: &str, object: Value| json!({ "id": format!("{author}/activities/{id}"), "type": "Create", "actor": author, "object": object, "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": ["http://cotech.test/groups/jobs", "http://cotech.test/groups/news"] });
    let offer = hostile_offer(lab, "Rust developer");
    assert_eq!(lab.send(evil, "fake1", "/groups/jobs/inbox", &create("create-job", offer)).await, StatusCode::ACCEPTED);
    let event = json!({
        "id": format!("{author}/events/1"),
        "type": "Event",
        "name": "Party\rLOCATION:injected",
        "summary": "<b>bold</b> <img src=x onerror=alert(1)>",
        "content": "<p>Online party</p>",
        "attributedTo": author,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
        "cc": ["http://cotech.test/groups/news"],
        "audience": "http://cotech.test/groups/news",
        "startTime": "2099-01-01T10:00:00Z",
        "endTime": "2099-01-01T12:00:00Z",
        "isOnline": true,
        "coopfed:onlineUrl": "javascript:alert(4)",
        "attachment": [{ "type": "Link", "href": "javascript:alert(5)" }],
    });
    assert_eq!(
        lab.send(evil, "fake1", "/groups/news/inbox", &create("create-event", event)).await,
        StatusCode::ACCEPTED
    );
    lab.processed(&format!("{author}/activities/create-job")).await;
    lab.processed(&format!("{author}/activities/create-event")).await;

    assert_eq!(lab.db.count_where("job_offers", "ap_id LIKE 'http://evil.test/%'"), 1, "the offer is listed");
    for condition in [
        "apply_url IS NOT NULL",
        "apply_email IS NOT NULL",
        "location_country IS NOT NULL",
        "summary LIKE '%<%'",
        "summary NOT LIKE 'Great%job & more'",
        "content LIKE '%script%'",
        "location_city LIKE '%' || CHR(13) || '%'",
    ] {
        let condition =
            if lab.db.backend() == "sqlite" { condition.replace("CHR(13)", "CHAR(13)") } else { condition.to_owned() };
        assert_eq!(
            lab.db.count_where("job_offers", &format!("ap_id LIKE 'http://evil.test/%' AND ({condition})")),
            0,
            "{condition}"
        );
    }
    assert_eq!(lab.db.count_where("announcements", "ap_id LIKE 'http://evil.test/%'"), 1, "the event is listed");
    for condition in ["online_url IS NOT NULL", "summary LIKE '%<%'", "title LIKE '%' || CHR(13) || '%'"] {
        let condition =
            if lab.db.backend() == "sqlite" { condition.replace("CHR(13)", "CHAR(13)") } else { condition.to_owned() };
        assert_eq!(
            lab.db.count_where("announcements", &format!("ap_id LIKE 'http://evil.test/%' AND ({condition})")),
            0,
            "{condition}"
        );
    }
    let ics =
        crate::support::client().get(lab.instance.url("/feeds/events.ics")).send().await.unwrap().text().await.unwrap();
    assert!(ics.contains("SUMMARY:Party LOCATION:injected"), "{ics}");
    assert!(!ics.contains("javascript") && !ics.lines().any(|l| l.starts_with("LOCATION:injected")), "{ics}");
}

/// An offer is changed or withdrawn only by its author: another co-op of
/// the same partner (same origin) is ignored.
async fn only_the_author_changes_or_withdraws(lab: &Lab) {
    let evil = &lab.evil;
    let intruder = evil.actor_id("fake2");
    let mut offer = hostile_offer(lab, "Taken over");
    offer["attributedTo"] = Value::String(intruder.clone());
    let update = json!({ "id": format!("{intruder}/activities/update-1"), "type": "Update", "actor": intruder, "object": offer, "to": ["https://www.w3.org/ns/activitystreams#Public"], "cc": ["http://cotech.test/groups/jobs"] });
    assert_eq!(lab.send(evil, "fake2", "/inbox", &update).await, StatusCode::ACCEPTED);
    let job = offer["id"].as_str().unwrap().to_owned();
    let delete =
        json!({ "id": format!("{intruder}/activities/delete-1"), "type": "Delete", "actor": intruder, "object": job });
    assert_eq!(lab.send(evil, "fake2", "/inbox", &delete).await, StatusCode::ACCEPTED);
    lab.processed(&format!("{intruder}/activities/update-1")).await;
    lab.processed(&format!("{intruder}/activities/delete-1")).await;
    let untouched = format!("ap_id = '{job}' AND title = 'Rust developer' AND deleted_at IS NULL");
    assert_eq!(lab.db.count_where("job_offers", &untouched), 1, "the offer is as its author left it");
}

/// H1: a Group with `/networks/` in its id answers a follow we never sent
/// and adds co-ops: nothing is fetched, nothing listed. Once our network
/// follows it, its directory is mirrored, and only its own `Add`/`Remove` of
/// its own `members` collection change the mirror.
async fn fake_partner_lists_no_co_ops(lab: &Lab) {
    let evil = &lab.evil;
    let network = evil.actor_id("evil");
    let accept = json!({
        "id": format!("{network}/activities/accept-1"),
        "type": "Accept",
        "actor": network,
        "object": { "id": "http://cotech.test/activities/never-sent", "type": "Follow", "actor": "http://cotech.test/networks/cotech", "object": network },
    });
    assert_eq!(lab.send(evil, "evil", "/networks/cotech/inbox", &accept).await, StatusCode::ACCEPTED);
    let add = |id: &str, member: &str, target: &str| json!({ "id": format!("{network}/activities/{id}"), "type": "Add", "actor": network, "object": evil.actor_id(member), "target": target });
    let members = format!("{network}/members");
    assert_eq!(lab.send(evil, "evil", "/inbox", &add("add-1", "fake1", &members)).await, StatusCode::ACCEPTED);
    lab.processed(&format!("{network}/activities/accept-1")).await;
    lab.processed(&format!("{network}/activities/add-1")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let gets = evil.gets();
    assert!(!gets.iter().any(|g| g.contains("members") || g.contains("fake")), "nothing fetched: {gets:?}");
    assert_eq!(lab.mirrored_from("evil.test"), 0, "no co-op listed");
    assert_eq!(lab.db.count_where("networks", "domain = 'evil.test'"), 0, "no network listed");

    // Our network follows it and it accepts: now its directory is read.
    lab.instance.cli(&["follow", &format!("@evil@{}", evil.domain)], None).success();
    let follow = wait_until("our Follow to arrive", Duration::from_secs(20), || async {
        evil.received().into_iter().find(|a| a["type"] == "Follow")
    })
    .await;
    let accept =
        json!({ "id": format!("{network}/activities/accept-2"), "type": "Accept", "actor": network, "object": follow });
    assert_eq!(lab.send(evil, "evil", "/networks/cotech/inbox", &accept).await, StatusCode::ACCEPTED);
    wait_until("the followed network's co-ops to be mirrored", Duration::from_secs(20), || async {
        (lab.mirrored_from("evil.test") == 2).then_some(())
    })
    .await;
    // A Remove of another collection changes nothing; of its own, it does.
    let remove = |id: &str, target: &str| json!({ "id": format!("{network}/activities/{id}"), "type": "Remove", "actor": network, "object": evil.actor_id("fake1"), "target": target });
    let elsewhere = format!("{network}/featured");
    assert_eq!(lab.send(evil, "evil", "/inbox", &remove("remove-1", &elsewhere)).await, StatusCode::ACCEPTED);
    lab.processed(&format!("{network}/activities/remove-1")).await;
    assert_eq!(lab.mirrored_from("evil.test"), 2);
    assert_eq!(lab.send(evil, "evil", "/inbox", &remove("remove-2", &members)).await, StatusCode::ACCEPTED);
    lab.processed(&format!("{network}/activities/remove-2")).await;
    assert_eq!(lab.mirrored_from("evil.test"), 1);
}

/// A client that sends one byte at a time cannot hold a connection: the
/// request must arrive within twice the request timeout (1 s here).
async fn slow_clients_are_cut_off(db: TestDatabase) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_REQUEST_TIMEOUT_SECS".into(), "1".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    let address = instance.base.trim_start_matches("http://").to_owned();

    // A prompt request is answered.
    let mut prompt = tokio::net::TcpStream::connect(&address).await.unwrap();
    prompt.write_all(b"GET /healthz HTTP/1.1\r\nHost: cotech.test\r\nConnection: close\r\n\r\n").await.unwrap();
    let mut answer = String::new();
    prompt.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // A dripping one is cut off: the server closes the connection.
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    let started = std::time::Instant::now();
    let request =
        b"GET /healthz HTTP/1.1\r\nHost: cotech.test\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut closed = false;
    for byte in request {
        if slow.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        let mut buffer = [0u8; 64];
        match tokio::time::timeout(Duration::from_millis(250), slow.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => panic!("answered a request that took {:?} to arrive", started.elapsed()),
            Err(_) => {}
        }
    }
    assert!(closed, "the connection stayed open for {:?}", started.elapsed());
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

/// M5: processed activities do not keep their documents for ever, and an
/// emptied one is still recognised when it is replayed.
async fn processed_activities_are_emptied_and_still_recognised(lab: &Lab) {
    let evil = &lab.evil;
    let network = evil.actor_id("evil");
    let id = format!("{network}/activities/real-1");
    lab.processed(&id).await;
    let out = lab.instance.cli(&["inbox", "prune", "--older-than-days", "0"], None).success().stdout;
    assert!(out.starts_with("Emptied "), "{out}");
    let emptied = format!("activity_id = '{id}' AND payload = ''");
    assert_eq!(lab.db.count_where("inbox_activities", &emptied), 1);
    assert_eq!(lab.db.count_where("inbox_activities", "processed_at IS NOT NULL AND payload <> ''"), 0);
    let stored = lab.db.count("inbox_activities");
    let replay =
        json!({ "id": id, "type": "Undo", "actor": network, "object": format!("{network}/activities/nothing") });
    assert_eq!(lab.send(evil, "evil", "/inbox", &replay).await, StatusCode::ACCEPTED);
    assert_eq!(lab.db.count("inbox_activities"), stored, "the replay is recognised by its id");
}
