//! What coopfed puts on the wire, as strict servers read it: the request
//! bytes of its fetches and deliveries.

use std::time::Duration;

use coopfed_test_support::{
    FakeOptions, FakeRemote, InstanceOptions, RawRemote, TestDatabase, TestInstance, wait_until,
};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::support::{binary, client, fixture, follow_from, on_both_databases, post};

on_both_databases!(every_request_carries_one_host, outboxes_list_public_activities_and_the_network_relays_its_streams);

/// nginx, Go's net/http and h11 refuse a request with two `Host` headers: the
/// WebFinger look-up (unsigned GET), the actor fetch (signed GET) and the
/// Follow's delivery (signed POST) each carry exactly one.
async fn every_request_carries_one_host(db: TestDatabase) {
    let raw = RawRemote::start("strict.test", "alice").await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), raw.resolve_entry());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    instance.cli(&["follow", "@alice@strict.test"], None).success();
    let requests = wait_until("the Follow to be delivered", Duration::from_secs(30), || async {
        let requests = raw.requests();
        requests.iter().any(|r| r.method == "POST").then_some(requests)
    })
    .await;
    let find = |method: &str, path: &str| {
        requests
            .iter()
            .find(|r| r.method == method && r.path.starts_with(path))
            .unwrap_or_else(|| panic!("no {method} {path} in {requests:#?}"))
    };
    let webfinger = find("GET", "/.well-known/webfinger");
    assert_eq!(webfinger.count("signature"), 0, "{webfinger:?}");
    let actor = find("GET", "/users/alice");
    assert_eq!(actor.count("signature"), 1, "{actor:?}");
    let delivery = find("POST", "/users/alice/inbox");
    assert_eq!(delivery.count("signature"), 1, "{delivery:?}");
    assert_eq!(delivery.count("digest"), 1, "{delivery:?}");
    for request in &requests {
        assert_eq!(request.count("host"), 1, "{request:#?}");
        assert_eq!(request.header("host"), Some("strict.test"), "{request:#?}");
        assert!(request.count("date") <= 1 && request.count("content-type") <= 1, "{request:#?}");
    }
}

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

async fn get_activity_json(instance: &TestInstance, url: &str) -> Value {
    let path = url.strip_prefix("http://cotech.test").unwrap_or(url);
    let response =
        client().get(instance.url(path)).header(header::ACCEPT, "application/activity+json").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    response.json().await.unwrap()
}

/// Walks an outbox as Mastodon and Lemmy do: the collection, then `first`
/// and `next` until the end. Checks that the pages hold `totalItems` items,
/// newest first, each public, with no follow business among them.
async fn walk_outbox(instance: &TestInstance, actor: &str) -> Vec<Value> {
    let collection = get_activity_json(instance, &format!("{actor}/outbox")).await;
    assert_eq!(collection["type"], "OrderedCollection", "{collection}");
    let total = collection["totalItems"].as_u64().unwrap();
    let mut items = Vec::new();
    let mut next = collection["first"].as_str().map(str::to_owned);
    while let Some(page_url) = next.take() {
        let page = get_activity_json(instance, &page_url).await;
        assert_eq!(page["type"], "OrderedCollectionPage", "{page}");
        assert_eq!(page["partOf"], format!("http://cotech.test{actor}/outbox"));
        items.extend(page["orderedItems"].as_array().unwrap().iter().cloned());
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(items.len() as u64, total, "{actor}: totalItems and the pages agree");
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    let mut newest_first = ids.clone();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, newest_first, "{actor}: newest first");
    for item in &items {
        assert_eq!(item["actor"], format!("http://cotech.test{actor}"), "{item}");
        let kind = item["type"].as_str().unwrap();
        assert!(!["Follow", "Accept", "Reject", "Undo"].contains(&kind), "{actor}: {item}");
        let audience = [&item["to"], &item["cc"]];
        assert!(audience.iter().any(|a| a.as_array().is_some_and(|a| a.iter().any(|v| v == PUBLIC))), "{item}");
    }
    items
}

/// Outboxes list each actor's public activities, the way Mastodon shows a
/// profile and Lemmy backfills a community; following the network actor
/// brings offers and news too, and an inbox that follows the jobs group as
/// well gets them once, from the group.
async fn outboxes_list_public_activities_and_the_network_relays_its_streams(db: TestDatabase) {
    let fans = FakeRemote::start_with_options("fans.test", &["alice", "bob"], FakeOptions::default()).await;
    let mut options = InstanceOptions::network("cotech");
    options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), fans.resolve_entry());
    options.env.insert("COOPFED_TODAY".into(), "2026-11-23".into());
    let instance = TestInstance::spawn(binary(), &db, options).await;
    instance.cli(&["import", "members", &fixture("members/cotech.yaml")], None).success();

    let follows = [
        ("alice", "a-network", "/networks/cotech"),
        ("bob", "b-network", "/networks/cotech"),
        ("bob", "b-jobs", "/groups/jobs"),
    ];
    for (name, id, target) in follows {
        let body = follow_from(&fans, name, id, &format!("http://cotech.test{target}"));
        let inbox = format!("{target}/inbox");
        let headers = fans.sign(name, "POST", &inbox, "cotech.test", Some(&body));
        assert_eq!(post(&instance, &inbox, body, &headers).await.status(), StatusCode::ACCEPTED);
    }
    wait_until("the three follows to be accepted", Duration::from_secs(30), || async {
        (fans.received().iter().filter(|a| a["type"] == "Accept").count() == 3).then_some(())
    })
    .await;
    // The Accept names the Follow with only what was checked.
    let accept = fans.received().into_iter().find(|a| a["type"] == "Accept").unwrap();
    let follow = accept["object"].as_object().unwrap();
    let mut keys: Vec<&str> = follow.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["actor", "id", "object", "type"], "{accept}");

    instance.cli(&["import", "jobs", &fixture("jobs/cotech.yaml")], None).success();
    instance.cli(&["import", "announcements", &fixture("announcements/cotech.yaml")], None).success();

    // Lemmy: a group's outbox holds its Announces of the Create of each offer.
    let jobs = walk_outbox(&instance, "/groups/jobs").await;
    assert!(jobs.iter().all(|a| a["type"] == "Announce"), "{jobs:?}");
    let creates: Vec<&Value> =
        jobs.iter().filter(|a| a["object"]["type"] == "Create" && a["object"]["object"]["type"] == "Page").collect();
    assert_eq!(creates.len(), 10, "one announced Create per imported offer");
    let news = walk_outbox(&instance, "/groups/news").await;
    assert!(news.iter().any(|a| a["object"]["type"] == "Create"), "{news:?}");
    // Mastodon: a co-op's outbox holds its Creates.
    let coop = walk_outbox(&instance, "/members/digital-society").await;
    assert!(
        coop.iter().any(|a| a["type"] == "Create" && a["object"]["id"].as_str().unwrap_or_default().contains("jobs")),
        "{coop:?}"
    );
    // The network: its members' arrival and its relayed streams.
    let network = walk_outbox(&instance, "/networks/cotech").await;
    assert_eq!(network.iter().filter(|a| a["type"] == "Add").count(), 35, "one Add per co-op");
    assert!(network.iter().any(|a| a["type"] == "Announce"), "the network announces its streams");
    // Not public: no outbox shows the Accepts.
    for actor in ["/groups/jobs", "/networks/cotech"] {
        let collection = get_activity_json(&instance, &format!("{actor}/outbox")).await;
        assert!(collection["totalItems"].as_u64().unwrap() > 0);
    }

    // alice follows only the network: its announcements bring every offer.
    // bob follows the network and the jobs group: each offer comes once, from the group.
    let create = creates[0]["object"]["id"].as_str().unwrap().to_owned();
    let heard = |inbox: &str, actor: &str| {
        fans.deliveries()
            .into_iter()
            .zip(fans.received())
            .filter(|((to, _), activity)| {
                to == inbox && activity["actor"] == actor && activity["object"]["id"] == create.as_str()
            })
            .count()
    };
    let (network, group) = ("http://cotech.test/networks/cotech", "http://cotech.test/groups/jobs");
    wait_until("the offer to reach the network's followers", Duration::from_secs(30), || async {
        (heard("alice", network) == 1 && heard("bob", group) == 1).then_some(())
    })
    .await;
    // Once nothing waits in the queue, every delivery has been made.
    wait_until("the delivery queue to drain", Duration::from_secs(60), || async {
        let listing = instance.cli(&["deliveries", "list"], None).success().stdout;
        (!listing.lines().next().unwrap_or_default().contains("pending")).then_some(())
    })
    .await;
    assert_eq!(heard("alice", network), 1, "alice hears of the offer from the network, once");
    assert_eq!(heard("alice", group), 0);
    assert_eq!(heard("bob", group), 1, "bob hears of it from the jobs group");
    assert_eq!(heard("bob", network), 0, "and not a second time from the network");
}
