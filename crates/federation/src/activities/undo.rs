//! `Undo` of a `Follow`: a follower withdraws. The only activity anyone
//! undoes with us; others are left alone.

use coopfed_db::{DbConnection, actors::ActorRow, follows};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};

use crate::{
    protocol::{
        ObjectRef,
        activities::{Follow, Undo},
        kinds::activity::UndoType,
    },
    sending::{ApOutbound, as_context, inbox_of, outgoing},
};

/// A remote follower withdraws its Follow (named by id, or embedded).
pub(crate) fn receive(conn: &mut DbConnection, follower: &ActorRow, undo: &Undo) -> Result<bool, ServiceError> {
    if undo.undone_kind() != Some("Follow") {
        return Ok(false);
    }
    let row = super::follow::named(conn, &undo.object)?;
    match row {
        Some(row) if row.follower_id == follower.id => {
            follows::delete(conn, &row.id)?;
            tracing::info!(follower = %follower.ap_id, "follow withdrawn");
            Ok(false)
        }
        Some(_) => Err(ServiceError::Forbidden),
        None => Ok(false),
    }
}

/// A local actor's Undo of its Follow (by follow row id), to the followed actor.
pub(crate) fn render_unfollow(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    follow_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let (follow, follower, target) = super::follow::sent_follow(outbound, conn, follow_id)?;
    let embedded = Follow { to: vec![target.ap_id.clone()], ..follow };
    let activity = Undo {
        id: outbound.new_activity_id(),
        kind: UndoType::Undo,
        actor: follower.ap_id.clone(),
        object: ObjectRef::embed(embedded.id.clone(), &embedded)?,
        to: vec![target.ap_id.clone()],
    };
    Ok(vec![outgoing(&follower, activity, as_context(), inbox_of(&target))?])
}
