//! The workers stepped by hand, in this process: an activity received by
//! the inbox, processed with `inbox::process_pending`, its answer sent with
//! `delivery::run_once`; each step's effect is checked at once, with no
//! waiting for background workers.

use std::sync::Arc;

use coopfed_core::{Domain, InstanceUrls, Slug};
use coopfed_db::{
    Database,
    actors::{self, ActorKind},
    follows::{self, Direction},
};
use coopfed_federation::{
    client::{ClientSettings, FederationClient},
    context::{Federation, FederationSettings},
    delivery,
    inbox::{self, IncomingRequest, Received},
    outbound::ApOutbound,
};
use coopfed_service::setup::{self, InstanceIdentity};
use coopfed_test_support::{FakeRemote, TestDatabase};

use crate::support::{follow_from, on_both_databases};

on_both_databases!(a_follow_is_received_processed_and_answered_step_by_step);

/// An instance of the network `cotech` in this process, resolving `remote`'s domain to it.
async fn federation(db: &TestDatabase, remote: &FakeRemote) -> Federation {
    let database = Database::connect(&coopfed_db::DatabaseUrl::parse(db.url()).unwrap(), 4).unwrap();
    database.migrate().unwrap();
    let urls = InstanceUrls::new(Domain::parse("cotech.test").unwrap(), true).unwrap();
    let identity = InstanceIdentity {
        urls: urls.clone(),
        network_slug: Slug::parse("cotech").unwrap(),
        network_name: "CoTech".into(),
        network_summary: None,
    };
    setup::init(&database, &identity).await.unwrap();
    let client = FederationClient::new(ClientSettings {
        dev_mode: true,
        resolve: [(remote.domain.clone(), remote.addr)].into_iter().collect(),
        user_agent: "coopfed-test".into(),
        ..ClientSettings::default()
    })
    .unwrap();
    let outbound = Arc::new(ApOutbound::new(urls.clone()));
    Federation::new(database, client, urls, FederationSettings::default(), outbound)
}

async fn a_follow_is_received_processed_and_answered_step_by_step(db: TestDatabase) {
    let fans = FakeRemote::start("fans.test", &["alice"]).await;
    let federation = federation(&db, &fans).await;
    let jobs = federation
        .db
        .run(|conn| actors::find_local(conn, ActorKind::Group, coopfed_core::JOBS_GROUP))
        .await
        .unwrap()
        .unwrap();

    // Nothing is due before anything arrives.
    assert_eq!(inbox::process_pending(&federation).await, 0);
    assert_eq!(delivery::run_once(&federation, 10).await, 0);

    // 1. The inbox verifies and stores the Follow, and does nothing else.
    let path = "/groups/jobs/inbox";
    let body: &'static [u8] = follow_from(&fans, "alice", "f-1", &jobs.ap_id).leak();
    // Each request signed by alice, as it would come.
    let request = |body: &'static [u8]| IncomingRequest {
        method: "POST",
        path_and_query: path,
        headers: fans
            .sign("alice", "POST", path, "cotech.test", Some(body))
            .into_iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect(),
        body,
        client: None,
    };
    let received = inbox::receive(&federation, Some(&jobs), request(body)).await.unwrap();
    assert_eq!(received, Received::New);
    let followers = |federation: &Federation| {
        let (db, group) = (federation.db.clone(), jobs.id.clone());
        async move { db.run(move |conn| follows::count(conn, &group, Direction::Followers)).await.unwrap() }
    };
    assert_eq!(followers(&federation).await, 0, "stored, not yet processed");
    // The same Follow again is a duplicate.
    let again = inbox::receive(&federation, Some(&jobs), request(body)).await.unwrap();
    assert_eq!(again, Received::Duplicate);

    // 2. One step of the processor: alice follows, and an Accept is queued.
    assert_eq!(inbox::process_pending(&federation).await, 1);
    assert_eq!(followers(&federation).await, 1);
    assert!(fans.received().is_empty(), "queued, not yet sent");
    assert_eq!(inbox::process_pending(&federation).await, 0, "processed once");

    // 3. One step of the delivery queue: the Accept reaches alice.
    assert_eq!(delivery::run_once(&federation, 10).await, 1);
    let delivered = fans.received();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0]["type"], "Accept");
    assert_eq!(delivered[0]["object"]["id"], format!("{}/activities/f-1", fans.base));
    assert_eq!(delivery::run_once(&federation, 10).await, 0, "delivered once");

    // 4. alice withdraws, naming her Follow by what it says (no id): the
    // follow is found by its actor and object, and ends.
    let undo = serde_json::json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": format!("{}/activities/u-1", fans.base),
        "type": "Undo",
        "actor": fans.actor_id("alice"),
        "object": { "type": "Follow", "actor": fans.actor_id("alice"), "object": jobs.ap_id },
    });
    let body: &'static [u8] = undo.to_string().into_bytes().leak();
    assert_eq!(inbox::receive(&federation, Some(&jobs), request(body)).await.unwrap(), Received::New);
    assert_eq!(inbox::process_pending(&federation).await, 1);
    assert_eq!(followers(&federation).await, 0, "the follow ended");
}
