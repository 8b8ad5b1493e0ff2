//! `Delete`: an author withdraws an offer or announcement (our group passes
//! it on when it announced the item), or an actor deletes itself (we forget
//! it and its mirrored co-op). A co-op that leaves our network sends its own.

use coopfed_db::{DbConnection, actors, actors::ActorRow, announcements::AnnouncementRow, jobs::JobRow};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use serde::Serialize;
use serde_json::Value;

use super::{inbound::Inbound, stream};
use crate::{
    protocol::{ObjectRef, PUBLIC, activities::Delete, kinds::activity::DeleteType, kinds::object::TombstoneType},
    sending::{ApOutbound, as_context, follower_inboxes, followers_of, outgoing},
};

/// A Delete of `object_id` by `actor`. Returns whether activities were queued.
pub(crate) fn receive(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    actor: &ActorRow,
    object_id: &str,
) -> Result<bool, ServiceError> {
    if object_id == actor.ap_id {
        crate::partners::members::forget_member(conn, actor)?;
        actors::delete_remote(conn, &actor.id)?;
        return Ok(false);
    }
    let activity = &inbound.row.payload;
    if let Some(sent) = stream::receive_delete::<AnnouncementRow>(conn, inbound.outbound, actor, object_id, activity)? {
        return Ok(sent);
    }
    Ok(stream::receive_delete::<JobRow>(conn, inbound.outbound, actor, object_id, activity)?.unwrap_or(false))
}

/// What stands in for a deleted object.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Tombstone<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: TombstoneType,
    former_type: &'a str,
}

/// The `Tombstone` of a deleted object of type `former_type`.
pub(crate) fn tombstone(id: &str, former_type: &str) -> Value {
    serde_json::to_value(Tombstone { id, kind: TombstoneType::Tombstone, former_type }).unwrap_or(Value::Null)
}

/// A local co-op's Delete of itself (it left the network), to its followers.
pub(crate) fn render_self_delete(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    member: &ActorRow,
) -> Result<OutgoingActivity, ServiceError> {
    let activity = Delete {
        id: outbound.new_activity_id(),
        kind: DeleteType::Delete,
        actor: member.ap_id.clone(),
        object: ObjectRef::id(member.ap_id.clone()),
        to: vec![PUBLIC.to_owned()],
        cc: vec![followers_of(member)],
    };
    outgoing(member, activity, as_context(), follower_inboxes(conn, member)?)
}
