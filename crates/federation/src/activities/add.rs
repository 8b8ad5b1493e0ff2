//! `Add` of a co-op to a network's `members` collection: our network
//! announces a new member to its followers; a network we follow tells us of
//! its new members, which we mirror (the co-op's actor fetched from its
//! origin, not taken from the activity).

use coopfed_db::{
    DbConnection, MemberId,
    actors::{self, ActorKind, ActorRow},
};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use serde_json::Value;
use url::Url;

use super::inbound::Prefetched;
use crate::{
    context::Federation,
    partners::policy::may_change_members,
    protocol::{ObjectRef, PUBLIC, activities::Add, kinds::activity::AddType},
    remote,
    sending::{ApOutbound, Lookups, followers_of, load, outgoing},
};

/// Fetches and stores the actor that a network's `Add` adds (from its
/// origin), when the network may change our mirror at all: nothing is
/// fetched for an `Add` that will be ignored.
pub(crate) async fn prefetch(federation: &Federation, network_ap_id: &str, add: &Add) -> Prefetched {
    let (network_id, target) = (network_ap_id.to_owned(), add.target.as_ref().map(|t| t.id.clone()));
    let member_id = add.object.id.clone();
    let check = member_id.clone();
    let allowed = federation
        .db
        .run(move |conn| match actors::find_by_ap_id(conn, &network_id)? {
            Some(network) => may_change_members(conn, &network, target.as_deref(), &check),
            None => Ok(false),
        })
        .await;
    if !matches!(allowed, Ok(true)) {
        tracing::info!(
            by = network_ap_id,
            "an Add from a network we do not follow, or to another collection, was ignored"
        );
        return Prefetched::Nothing;
    }
    let Ok(url) = Url::parse(&member_id) else { return Prefetched::Nothing };
    let Ok(signer) = federation.instance_signer().await else { return Prefetched::Nothing };
    let Ok((row, document)) = remote::fetch_actor_document(&federation.client, &url, &signer).await else {
        return Prefetched::Nothing;
    };
    if remote::store(&federation.db, row).await.is_err() {
        return Prefetched::Nothing;
    }
    Prefetched::Added(member_id, document)
}

/// A network's `Add` of a co-op: mirror it, from the document fetched at
/// its origin once [`may_change_members`] allowed it.
pub(crate) fn receive(
    conn: &mut DbConnection,
    network: &ActorRow,
    add: &Add,
    prefetched: &Prefetched,
) -> Result<bool, ServiceError> {
    let Prefetched::Added(member_id, document) = prefetched else { return Ok(false) };
    let target = add.target.as_ref().map(|t| t.id.as_str());
    if *member_id != add.object.id || !may_change_members(conn, network, target, member_id)? {
        return Ok(false);
    }
    let Some(member_actor) = actors::find_by_ap_id(conn, member_id)? else { return Ok(false) };
    if member_actor.kind != ActorKind::Organization {
        return Ok(false);
    }
    crate::partners::members::mirror_member(conn, &member_actor, Some(document))?;
    Ok(false)
}

/// The actor document of a local member co-op (without `@context`), with its actor.
pub(crate) fn member_document(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    member_id: &str,
) -> Result<(ActorRow, Value), ServiceError> {
    let member = coopfed_db::members::find_member_by_id(conn, member_id)?.ok_or(ServiceError::NotFound("member"))?;
    let member_actor = load(conn, &member.actor_id)?;
    let document = crate::actors::organization(
        &member_actor,
        &member,
        &coopfed_db::skills::member_skills_of(conn, &member.id)?,
        outbound.urls(),
        &*coopfed_service::skills::load(conn)?,
    )
    .map_err(|e| ServiceError::invalid("actor", e))?;
    Ok((member_actor, embedded_actor(&document)?))
}

/// An actor document as it is embedded in an activity: without `@context`.
pub(crate) fn embedded_actor(document: &crate::actors::ActorDocument) -> Result<Value, ServiceError> {
    let mut document = serde_json::to_value(document).map_err(|e| ServiceError::invalid("actor", e))?;
    if let Some(map) = document.as_object_mut() {
        map.remove("@context");
    }
    Ok(document)
}

/// Our network's `Add` of a new member, to the network's followers. It
/// carries the co-op by id: its actor document is put in when the `Add` is
/// sent or listed ([`crate::embeds`]).
pub(crate) fn render(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    member_id: &MemberId,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let member_actor = lookups.member_actor(conn, member_id)?;
    let network = lookups.network(conn)?;
    let mut inboxes = lookups.follower_inboxes(conn, &network)?;
    inboxes.sort();
    inboxes.dedup();
    let activity = Add {
        id: outbound.new_activity_id(),
        kind: AddType::Add,
        actor: network.ap_id.clone(),
        object: ObjectRef::id(&member_actor.ap_id),
        target: Some(ObjectRef::id(format!("{}/members", network.ap_id))),
        to: vec![PUBLIC.to_owned()],
        cc: vec![followers_of(&network)],
    };
    let mut sent = outgoing(&network, activity, crate::actor_context(), inboxes)?;
    sent.embeds = Some(member_actor.ap_id);
    Ok(vec![sent])
}
