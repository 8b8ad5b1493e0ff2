//! `Follow`: an actor asks to receive another's activities. Remote actors
//! follow our network, stream groups and co-ops (answered at once, or held
//! for review when a network asks our network under the `review` policy);
//! our actors follow remote ones.

use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    follows::{self, FollowState},
};
use coopfed_service::{
    ServiceError,
    follows::FollowPolicy,
    outbound::{Action, OutgoingActivity, emit},
};

use super::inbound::Inbound;
use crate::{
    protocol::{ObjectRef, activities::Follow},
    sending::{ApOutbound, as_context, inbox_of, load, outgoing},
};

/// A remote actor asks to follow a local one. Returns whether an Accept was queued.
pub(crate) fn receive(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    follower: &ActorRow,
    follow: &Follow,
) -> Result<bool, ServiceError> {
    let Some(target) = actors::find_by_ap_id(conn, &follow.object)?.filter(|t| t.is_local) else { return Ok(false) };
    // The instance actor takes no followers, nor does a co-op that left.
    if target.kind == ActorKind::Application || coopfed_db::members::is_former_member(conn, &target)? {
        return Ok(false);
    }
    // Another network asking our network: the partner policy decides.
    let policy = if target.kind == ActorKind::Network && follower.kind == ActorKind::Group {
        inbound.settings.policies.partner()
    } else {
        FollowPolicy::Auto
    };
    let state = match policy {
        FollowPolicy::Auto => FollowState::Accepted,
        FollowPolicy::Review => FollowState::Pending,
    };
    let row = follows::upsert(conn, &follower.id, &target.id, state, &inbound.row.activity_id)?;
    if policy == FollowPolicy::Auto {
        let action = Action::AcceptFollow { follow_id: row.id, follow: inbound.row.payload.clone() };
        emit(conn, inbound.outbound, &action)?;
    }
    tracing::info!(follower = %follower.ap_id, target = %target.username, %state, "follow received");
    Ok(state == FollowState::Accepted)
}

/// The Follow of `follower` for `target` with the id `id`, without addressing.
/// The stored follow that an answer or withdrawal names: by the Follow's
/// id, else (an embedded Follow whose id we do not know) by its actor and
/// object.
pub(crate) fn named(conn: &mut DbConnection, follow: &ObjectRef) -> Result<Option<follows::FollowRow>, ServiceError> {
    if !follow.id.is_empty() {
        if let Some(row) = follows::find_by_activity(conn, &follow.id)? {
            return Ok(Some(row));
        }
    }
    let Some(embedded) = &follow.embedded else { return Ok(None) };
    let named = |key: &str| embedded.get(key).and_then(crate::values::id_of).map(str::to_owned);
    let (Some(follower), Some(target)) = (named("actor"), named("object")) else { return Ok(None) };
    let (Some(follower), Some(target)) =
        (actors::find_by_ap_id(conn, &follower)?, actors::find_by_ap_id(conn, &target)?)
    else {
        return Ok(None);
    };
    Ok(follows::find(conn, &follower.id, &target.id)?)
}

pub(crate) fn document(id: String, follower: &ActorRow, target: &ActorRow) -> Follow {
    Follow::new(id, follower.ap_id.clone(), target.ap_id.clone())
}

/// A local actor's Follow (by follow row id), to the followed actor.
pub(crate) fn render(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    follow_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let (follow, follower, target) = sent_follow(outbound, conn, follow_id)?;
    let activity = Follow { to: vec![target.ap_id.clone()], ..follow };
    Ok(vec![outgoing(&follower, activity, as_context(), inbox_of(&target))?])
}

/// The Follow that a local actor sent (by follow row id), with the follower and the followed.
pub(crate) fn sent_follow(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    follow_id: &str,
) -> Result<(Follow, ActorRow, ActorRow), ServiceError> {
    let row = follows::find_by_id(conn, follow_id)?.ok_or(ServiceError::NotFound("follow"))?;
    let follower = load(conn, &row.follower_id)?;
    let target = load(conn, &row.target_id)?;
    let id = row.follow_activity_id.clone().unwrap_or_else(|| outbound.new_activity_id());
    Ok((document(id, &follower, &target), follower, target))
}
