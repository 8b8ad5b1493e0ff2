//! `Remove` of a co-op from a network's `members` collection: our network
//! tells its followers a member left (and the co-op deletes itself for those
//! who follow it); a network we follow tells us, and we drop the mirror.

use coopfed_db::{DbConnection, actors, actors::ActorRow};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};

use crate::{
    partners::policy::may_change_members,
    protocol::{ObjectRef, PUBLIC, activities::Remove, kinds::activity::RemoveType},
    sending::{ApOutbound, as_context, follower_inboxes, followers_of, network_actor, outgoing},
};

/// A network's `Remove` of a co-op: drop the mirror and its offers.
pub(crate) fn receive(conn: &mut DbConnection, network: &ActorRow, remove: &Remove) -> Result<bool, ServiceError> {
    let target = remove.target.as_ref().map(|t| t.id.as_str());
    if !may_change_members(conn, network, target, &remove.object.id)? {
        tracing::info!(by = %network.ap_id, "a Remove from a network we do not follow, or of another collection, was ignored");
        return Ok(false);
    }
    if let Some(member_actor) = actors::find_by_ap_id(conn, &remove.object.id)?.filter(|a| !a.is_local) {
        crate::partners::members::forget_member(conn, &member_actor)?;
    }
    Ok(false)
}

/// Our network's `Remove` of a co-op that left, and the co-op's Delete of itself.
pub(crate) fn render(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    member_ap_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let network = network_actor(conn)?;
    let activity = Remove {
        id: outbound.new_activity_id(),
        kind: RemoveType::Remove,
        actor: network.ap_id.clone(),
        object: ObjectRef::id(member_ap_id),
        target: Some(ObjectRef::id(format!("{}/members", network.ap_id))),
        to: vec![PUBLIC.to_owned()],
        cc: vec![followers_of(&network)],
    };
    let mut out = vec![outgoing(&network, activity, as_context(), follower_inboxes(conn, &network)?)?];
    // Those who follow the co-op itself (Mastodon users) learn it is gone.
    if let Some(member) = actors::find_by_ap_id(conn, member_ap_id)?.filter(|a| a.is_local) {
        out.push(super::delete::render_self_delete(outbound, conn, &member)?);
    }
    Ok(out)
}
