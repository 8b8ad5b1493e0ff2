//! Following: a local network follows a partner network (and unfollows it);
//! remote actors follow local networks and streams, by policy.

use coopfed_core::InstanceUrls;
use coopfed_db::{
    actors::{self, ActorRow},
    follows::{self, FollowRow, FollowState},
};

use crate::{
    ServiceError, Writer,
    accounts::conn_transaction,
    audit,
    outbound::{Action, emit},
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
    writer: &Writer,
    urls: &InstanceUrls,
    local: ActorRow,
    remote: ActorRow,
) -> Result<FollowRow, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
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
pub async fn unfollow(writer: &Writer, local: ActorRow, remote: ActorRow) -> Result<(), ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
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

/// An admin accepts or rejects a pending follow request (by follow row id).
pub async fn decide(writer: &Writer, follow_id: &str, accept: bool) -> Result<FollowRow, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let (actor, follow_id) = (actor.clone(), follow_id.to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = follows::find_by_id(conn, &follow_id)?.ok_or(ServiceError::NotFound("follow request"))?;
            let target = actors::find_by_id(conn, &row.target_id)?.ok_or(ServiceError::NotFound("actor"))?;
            if !target.is_local || row.state != FollowState::Pending {
                return Err(ServiceError::Conflict("only pending requests to a local actor can be decided".into()));
            }
            let follow = received_follow(conn, &row)?;
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

/// Ends one follow between a local and a remote actor (by row id): ours is
/// undone (`Undo`), theirs removed (`Reject`).
pub async fn end_follow(writer: &Writer, follow_id: &str) -> Result<(), ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let follow_id = follow_id.to_owned();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let row = follows::find_by_id(conn, &follow_id)?.ok_or(ServiceError::NotFound("follow"))?;
            let follower = actors::find_by_id(conn, &row.follower_id)?.ok_or(ServiceError::NotFound("actor"))?;
            let target = actors::find_by_id(conn, &row.target_id)?.ok_or(ServiceError::NotFound("actor"))?;
            let (action, remote) = if follower.is_local {
                (Action::Unfollow { follow_id: row.id.clone() }, &target)
            } else {
                (end_their_follow(conn, &row)?, &follower)
            };
            emit(conn, outbound.as_ref(), &action)?;
            follows::delete(conn, &row.id)?;
            audit(conn, &actor, "follow.end", Some(&remote.ap_id), None)?;
            Ok(())
        })
    })
    .await
}

/// The `Follow` a remote actor sent (JSON), or its id when no longer stored.
fn received_follow(conn: &mut coopfed_db::DbConnection, row: &FollowRow) -> Result<String, ServiceError> {
    let activity_id = row.follow_activity_id.clone().unwrap_or_default();
    Ok(coopfed_db::inbox::payload_of(conn, &activity_id)?.unwrap_or_else(|| format!("\"{activity_id}\"")))
}

/// The `Reject` that removes a remote actor's follow of ours.
fn end_their_follow(conn: &mut coopfed_db::DbConnection, row: &FollowRow) -> Result<Action, ServiceError> {
    Ok(Action::RejectFollow { follow_id: row.id.clone(), follow: received_follow(conn, row)? })
}

/// Ends the partnership with the network on `domain`: every local actor stops
/// following its actors (`Undo` of the follows) and its actors' follows of
/// ours are removed (`Reject`, as Mastodon removes a follower). Returns how
/// many follows ended.
pub async fn end_partnership(writer: &Writer, domain: &str) -> Result<usize, ServiceError> {
    let Writer { db, outbound, actor } = writer.clone();
    let domain = domain.trim().to_ascii_lowercase();
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            let rows = follows::with_domain(conn, &domain)?;
            if rows.is_empty() {
                return Err(ServiceError::NotFound("partnership"));
            }
            for (row, ours) in &rows {
                let action =
                    if *ours { Action::Unfollow { follow_id: row.id.clone() } } else { end_their_follow(conn, row)? };
                emit(conn, outbound.as_ref(), &action)?;
            }
            // Rendered first (they read the rows), deleted after.
            for (row, _) in &rows {
                follows::delete(conn, &row.id)?;
            }
            audit(conn, &actor, "partner.end", Some(&domain), Some(format!("follows={}", rows.len())))?;
            Ok(rows.len())
        })
    })
    .await
}
