//! The hostile federation suite: servers that lie, run one attack after
//! another against one instance. Each attack states what it tries and what
//! must (not) happen; `SECURITY.md` names the defence each one checks.

use std::time::Duration;

use coopfed_test_support::{FakeOptions, FakeRemote, InstanceOptions, TestDatabase, TestInstance, wait_until};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{binary, fixture, on_both_databases, post};

on_both_databases!(hostile_federation);

/// One instance (`cotech.test`) and the servers that attack it.
struct Lab {
    instance: TestInstance,
    db: TestDatabase,
    /// `evil.test`: a network (`evil`, a Group whose id has `/networks/`) and
    /// co-ops it would like us to list.
    evil: FakeRemote,
}

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
        let mut options = InstanceOptions::network("cotech");
        options.env.insert("COOPFED_FEDERATION_RESOLVE".into(), evil.resolve_entry());
        let instance = TestInstance::spawn(binary(), &db, options).await;
        instance.cli(&["import", "members", &fixture("members/cotech.yaml")], None).success();
        Self { instance, db, evil }
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

async fn hostile_federation(db: TestDatabase) {
    let lab = Lab::start(db).await;
    fake_partner_lists_no_co_ops(&lab).await;
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
