//! Blocking remote actors (from a report, or directly): what they send is
//! refused, their follows of ours and ours of them end, and what they wrote
//! is hidden here. A running server applies a block within 5 seconds; the
//! web interface and the admin API at once.

use chrono::NaiveDateTime;
use coopfed_db::{Database, DbConnection};

use crate::{Actor, ServiceError, accounts::conn_transaction, audit};

/// Blocks the remote actor `ap_id` (it must be known here). Returns how
/// many of its items were hidden.
pub async fn block(db: &Database, actor: &Actor, ap_id: &str) -> Result<usize, ServiceError> {
    let (actor, ap_id) = (actor.clone(), ap_id.trim().to_owned());
    db.run(move |conn| conn_transaction(conn, |conn| block_in(conn, &actor, &ap_id))).await
}

/// [`block`] inside the caller's transaction.
pub(crate) fn block_in(conn: &mut DbConnection, actor: &Actor, ap_id: &str) -> Result<usize, ServiceError> {
    let row_id = coopfed_db::actors::set_blocked(conn, ap_id, true)?.ok_or(ServiceError::NotFound("remote actor"))?;
    let follows = coopfed_db::follows::delete_all_of(conn, &row_id)?;
    let hidden = coopfed_db::reports::take_down_by(conn, &row_id)?;
    audit(conn, actor, "actor.block", Some(ap_id), Some(format!("follows={follows} items={hidden}")))?;
    Ok(hidden)
}

/// Lifts the block of `ap_id` (what was hidden stays hidden).
pub async fn unblock(db: &Database, actor: &Actor, ap_id: &str) -> Result<(), ServiceError> {
    let (actor, ap_id) = (actor.clone(), ap_id.trim().to_owned());
    db.run(move |conn| {
        conn_transaction(conn, |conn| {
            coopfed_db::actors::set_blocked(conn, &ap_id, false)?.ok_or(ServiceError::NotFound("remote actor"))?;
            Ok(audit(conn, &actor, "actor.unblock", Some(&ap_id), None)?)
        })
    })
    .await
}

/// The blocked actors' ids with when they were blocked.
pub async fn list(db: &Database) -> Result<Vec<(String, NaiveDateTime)>, ServiceError> {
    Ok(db.run(coopfed_db::actors::blocked).await?)
}

/// The remote actor who wrote a reported item: the item's co-op's actor for
/// an offer or news, the actor itself for an actor id; `None` for what is
/// not known here or is this instance's own.
pub(crate) fn remote_author_of(conn: &mut DbConnection, id: &str) -> Result<Option<String>, ServiceError> {
    let member = if let Some(job) = coopfed_db::jobs::find_by_ap_id(conn, id)? {
        Some(job.member_id)
    } else if let Some(item) = coopfed_db::announcements::find_by_ap_id(conn, id)? {
        item.member_id
    } else {
        let found = coopfed_db::actors::find_by_ap_id(conn, id)?;
        return Ok(found.filter(|a| !a.is_local).map(|a| a.ap_id));
    };
    let Some(member) = member else { return Ok(None) };
    let Some(member) = coopfed_db::members::find_member_by_id(conn, &member)? else { return Ok(None) };
    let found = coopfed_db::actors::find_by_id(conn, &member.actor_id)?;
    Ok(found.filter(|a| !a.is_local).map(|a| a.ap_id))
}
