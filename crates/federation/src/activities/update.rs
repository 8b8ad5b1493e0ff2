//! `Update`: an author edits an offer or announcement (handled as its
//! [`create`](super::create)), or an actor its own profile (we refresh the
//! stored actor and any mirrored co-op). Our co-ops send theirs when their
//! directory entry changes.

use coopfed_db::{DbConnection, actors, actors::ActorRow};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use url::Url;

use super::inbound::Inbound;
use crate::{
    protocol::{ObjectRef, PUBLIC, activities::Update, kinds::activity::UpdateType},
    remote,
    sending::{ApOutbound, follower_inboxes, followers_of, network_actor, outgoing},
};

/// ActivityStreams actor types.
const ACTOR_TYPES: &[&str] = &["Organization", "Group", "Person", "Application", "Service"];

/// An Update by `actor`. Returns whether activities were queued.
pub(crate) fn receive(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    actor: &ActorRow,
    object: &ObjectRef,
) -> Result<bool, ServiceError> {
    if !object.kind().is_some_and(|kind| ACTOR_TYPES.contains(&kind)) {
        return super::create::receive(conn, inbound, actor, object);
    }
    let Some(document) = &object.embedded else { return Ok(false) };
    // Only an actor's own profile, checked like a fetched one.
    if object.id != actor.ap_id {
        return Ok(false);
    }
    let Ok(url) = Url::parse(&actor.ap_id) else { return Ok(false) };
    let Ok(fresh) = remote::actor_from_document(document, &url) else { return Ok(false) };
    let stored = actors::upsert_remote(conn, &fresh)?;
    if coopfed_db::members::find_member_by_actor(conn, &stored.id)?.is_some() {
        crate::partners::members::mirror_member(conn, &stored, Some(document))?;
    }
    Ok(false)
}

/// A local co-op's Update of its profile, to its followers and the network's.
pub(crate) fn render_member(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    member_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let (member_actor, document) = super::add::member_document(outbound, conn, member_id)?;
    let network = network_actor(conn)?;
    let mut inboxes = follower_inboxes(conn, &network)?;
    inboxes.extend(follower_inboxes(conn, &member_actor)?);
    inboxes.sort();
    inboxes.dedup();
    let activity = Update {
        id: outbound.new_activity_id(),
        kind: UpdateType::Update,
        actor: member_actor.ap_id.clone(),
        object: ObjectRef { id: member_actor.ap_id.clone(), embedded: Some(document) },
        to: vec![PUBLIC.to_owned()],
        cc: vec![followers_of(&network), followers_of(&member_actor)],
    };
    Ok(vec![outgoing(&member_actor, activity, crate::actor_context(), inboxes)?])
}

/// A local actor's Update of itself after a key rotation (signed with the new
/// key, carrying it): to its followers, the network's followers and every
/// partner network, so those that keep its key learn the new one.
pub(crate) fn render_actor(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    actor_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let actor = crate::sending::load(conn, actor_id)?;
    let member = coopfed_db::members::find_member_by_actor(conn, &actor.id)?;
    let document = match member {
        Some(member) => super::add::member_document(outbound, conn, &member.id)?.1,
        None => {
            let document =
                crate::actors::local_actor(&actor, outbound.urls()).map_err(|e| ServiceError::invalid("actor", e))?;
            super::add::embedded_actor(&document)?
        }
    };
    let network = network_actor(conn)?;
    let mut inboxes = follower_inboxes(conn, &actor)?;
    inboxes.extend(follower_inboxes(conn, &network)?);
    inboxes.extend(crate::partners::policy::partners(conn)?.iter().map(crate::sending::server_inbox));
    inboxes.sort();
    inboxes.dedup();
    let mut cc = vec![followers_of(&actor)];
    if network.id != actor.id {
        cc.push(followers_of(&network));
    }
    let activity = Update {
        id: outbound.new_activity_id(),
        kind: UpdateType::Update,
        actor: actor.ap_id.clone(),
        object: ObjectRef { id: actor.ap_id.clone(), embedded: Some(document) },
        to: vec![PUBLIC.to_owned()],
        cc,
    };
    Ok(vec![outgoing(&actor, activity, crate::actor_context(), inboxes)?])
}
