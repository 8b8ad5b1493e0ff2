//! Following: a local network follows a partner network (and unfollows it);
//! remote actors follow local networks and streams, by policy.

use coopfed_core::InstanceUrls;
use coopfed_db::{
    Database, DbConnection,
    actors::{self, ActorRow},
    follows::{self, FollowRow, FollowState},
};

use crate::{
    Actor, ServiceError,
    accounts::conn_transaction,
    audit,
    outbound::{Action, Outbound, emit},
};

/// How a local actor answers follow requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowPolicy {
    /// Accept at once.
    Auto,
    /// Keep pending until an admin decides.
    Review,
}

/// The local actor `local` follows the stored remote actor `remote`.
pub async fn follow(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    urls: &InstanceUrls,
    actor: &Actor,
    local: ActorRow,
    remote: ActorRow,
) -> Result<FollowRow, ServiceError> {
    if !local.is_local || remote.is_local {
        return Err(ServiceError::invalid("target", "a local actor can only follow a remote actor"));
    }
    let activity_id = urls.activity(&coopfed_db::new_id()).to_string();
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = follows::upsert(conn, &local.id, &remote.id, FollowState::Pending, &activity_id)?;
            emit(conn, outbound.as_ref(), &Action::Follow { follow_id: row.id.clone() })?;
            audit(conn, &actor, "follow.request", Some(&remote.ap_id), Some(format!("from={}", local.username)))?;
            Ok(row)
        })
    })
    .await
}

/// The local actor `local` stops following `remote`.
pub async fn unfollow(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    local: ActorRow,
    remote: ActorRow,
) -> Result<(), ServiceError> {
    let actor = actor.clone();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = follows::find(conn, &local.id, &remote.id)?.ok_or(ServiceError::NotFound("follow"))?;
            emit(conn, outbound.as_ref(), &Action::Unfollow { follow_id: row.id.clone() })?;
            follows::delete(conn, &row.id)?;
            audit(conn, &actor, "follow.undo", Some(&remote.ap_id), Some(format!("from={}", local.username)))?;
            Ok(())
        })
    })
    .await
}

/// A remote actor asked to follow a local one (inside the inbox transaction).
/// Returns the follow's new state.
pub fn receive_follow(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    follower: &ActorRow,
    target: &ActorRow,
    follow_activity_id: &str,
    follow_json: &str,
    policy: FollowPolicy,
) -> Result<FollowState, ServiceError> {
    let new_state = match policy {
        FollowPolicy::Auto => FollowState::Accepted,
        FollowPolicy::Review => FollowState::Pending,
    };
    let row = follows::upsert(conn, &follower.id, &target.id, new_state, follow_activity_id)?;
    if policy == FollowPolicy::Auto {
        let action = Action::AcceptFollow { follow_id: row.id, follow: follow_json.to_owned() };
        emit(conn, outbound, &action)?;
    }
    Ok(new_state)
}

/// A remote actor answered our follow request (Accept or Reject).
pub fn receive_answer(
    conn: &mut DbConnection,
    answering: &ActorRow,
    follow_activity_id: &str,
    accepted: bool,
) -> Result<bool, ServiceError> {
    let Some(row) = follows::find_by_activity(conn, follow_activity_id)? else { return Ok(false) };
    if row.target_id != answering.id {
        return Err(ServiceError::Forbidden);
    }
    follows::set_state(conn, &row.id, if accepted { FollowState::Accepted } else { FollowState::Rejected })?;
    Ok(true)
}

/// A remote follower withdrew (Undo of its Follow).
pub fn receive_undo_follow(
    conn: &mut DbConnection,
    follower: &ActorRow,
    follow_activity_id: Option<&str>,
    target_ap_id: Option<&str>,
) -> Result<bool, ServiceError> {
    let row = match follow_activity_id {
        Some(id) => follows::find_by_activity(conn, id)?,
        None => None,
    };
    let row = match (row, target_ap_id) {
        (Some(row), _) => Some(row),
        (None, Some(target)) => match actors::find_by_ap_id(conn, target)? {
            Some(target) => follows::find(conn, &follower.id, &target.id)?,
            None => None,
        },
        (None, None) => None,
    };
    match row {
        Some(row) if row.follower_id == follower.id => {
            follows::delete(conn, &row.id)?;
            Ok(true)
        }
        Some(_) => Err(ServiceError::Forbidden),
        None => Ok(false),
    }
}

/// An admin accepts or rejects a pending follow request (by follow row id).
pub async fn decide(
    db: &Database,
    outbound: std::sync::Arc<dyn Outbound>,
    actor: &Actor,
    follow_id: &str,
    accept: bool,
) -> Result<FollowRow, ServiceError> {
    let (actor, follow_id) = (actor.clone(), follow_id.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = follows::find_by_id(conn, &follow_id)?.ok_or(ServiceError::NotFound("follow request"))?;
            let target = actors::find_by_id(conn, &row.target_id)?.ok_or(ServiceError::NotFound("actor"))?;
            if !target.is_local || row.state != FollowState::Pending {
                return Err(ServiceError::Conflict("only pending requests to a local actor can be decided".into()));
            }
            let activity_id = row.follow_activity_id.clone().unwrap_or_default();
            let follow =
                coopfed_db::inbox::payload_of(conn, &activity_id)?.unwrap_or_else(|| format!("\"{activity_id}\""));
            let new_state = if accept { FollowState::Accepted } else { FollowState::Rejected };
            follows::set_state(conn, &row.id, new_state)?;
            let action = if accept {
                Action::AcceptFollow { follow_id: row.id.clone(), follow }
            } else {
                Action::RejectFollow { follow_id: row.id.clone(), follow }
            };
            emit(conn, outbound.as_ref(), &action)?;
            let follower = actors::find_by_id(conn, &row.follower_id)?.map(|a| a.ap_id).unwrap_or_default();
            audit(conn, &actor, if accept { "follow.accept" } else { "follow.reject" }, Some(&follower), None)?;
            Ok(FollowRow { state: new_state, ..row })
        })
    })
    .await
}
