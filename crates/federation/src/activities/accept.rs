//! `Accept` and `Reject` of a `Follow`: the followed actor's answer. We
//! answer follows of our actors (at once, or when an admin decides) and
//! take the answers to ours.

use coopfed_db::{
    DbConnection,
    actors::ActorRow,
    follows::{self, FollowState},
};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use serde_json::Value;

use crate::{
    protocol::{
        ObjectRef,
        activities::Answer,
        kinds::activity::{AcceptType, RejectType},
    },
    sending::{ApOutbound, as_context, inbox_of, load, outgoing},
};

/// A remote actor answers our Follow (named by its id, or embedded). Only
/// the followed actor may answer.
pub(crate) fn receive(
    conn: &mut DbConnection,
    answering: &ActorRow,
    follow: &ObjectRef,
    accepted: bool,
) -> Result<bool, ServiceError> {
    let Some(row) = super::follow::named(conn, follow)? else { return Ok(false) };
    if row.target_id != answering.id {
        return Err(ServiceError::Forbidden);
    }
    follows::set_state(conn, &row.id, if accepted { FollowState::Accepted } else { FollowState::Rejected })?;
    tracing::info!(by = %answering.ap_id, accepted, "follow answered");
    Ok(false)
}

/// Our answer to a remote Follow (by follow row id; `received` is the
/// Follow as it came). It names the Follow by its id, re-rendered with only
/// what we checked; the follower's own document is not repeated.
pub(crate) fn render(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    follow_id: &str,
    received: &str,
    accepted: bool,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let row = follows::find_by_id(conn, follow_id)?.ok_or(ServiceError::NotFound("follow"))?;
    let follower = load(conn, &row.follower_id)?;
    let target = load(conn, &row.target_id)?;
    let received: Value = serde_json::from_str(received).unwrap_or(Value::Null);
    let follow_activity_id = row
        .follow_activity_id
        .clone()
        .or_else(|| crate::values::id_of(&received).map(str::to_owned))
        .unwrap_or_default();
    let follow = super::follow::document(follow_activity_id, &follower, &target);
    let object = ObjectRef::embed(follow.id.clone(), &follow)?;
    let (id, actor, to) = (outbound.new_activity_id(), target.ap_id.clone(), vec![follower.ap_id.clone()]);
    let activity = if accepted {
        serde_json::to_value(Answer { id, kind: AcceptType::Accept, actor, object, to })
    } else {
        serde_json::to_value(Answer { id, kind: RejectType::Reject, actor, object, to })
    }
    .map_err(crate::protocol::ProtocolError::from)?;
    Ok(vec![outgoing(&target, activity, as_context(), inbox_of(&follower))?])
}

#[cfg(test)]
#[expect(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use crate::protocol::activities::Follow;

    #[test]
    fn the_follow_is_embedded_without_addressing() {
        let follow = Follow::new("https://a.test/f/1".into(), "https://a.test/u".into(), "https://b.test/g".into());
        let object = ObjectRef::embed(follow.id.clone(), &follow).unwrap();
        let value = serde_json::to_value(&object).unwrap();
        assert_eq!(value["type"], "Follow");
        assert!(value.get("to").is_none());
    }
}
