//! What a partner (or a followed network) may do: rules read from the
//! database, with no I/O beyond it.

use coopfed_db::{
    DbConnection,
    actors::{self, ActorKind, ActorRow},
    follows,
};
use coopfed_service::ServiceError;

use crate::client::same_origin;

/// Which authors a local group accepts jobs from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupPolicy {
    /// Only co-ops listed in a partner network's member directory (mirrored here).
    Members,
    /// Only co-ops of partner networks.
    Partners,
    /// Any actor.
    Anyone,
}

/// Does the local stream group `name` take an object addressed as given from
/// `author`? Returns the group when it is addressed and the policy allows the author.
pub(crate) fn accepting_group(
    conn: &mut DbConnection,
    policy: GroupPolicy,
    author: &ActorRow,
    name: &str,
    addressed: &[String],
    audience: Option<&str>,
) -> Result<Option<ActorRow>, ServiceError> {
    let Some(group) = actors::find_local(conn, ActorKind::Group, name)? else { return Ok(None) };
    if !(addressed.contains(&group.ap_id) || audience == Some(group.ap_id.as_str())) {
        return Ok(None);
    }
    let allowed = match policy {
        GroupPolicy::Anyone => true,
        GroupPolicy::Partners => is_partner_domain(conn, &author.domain)?,
        GroupPolicy::Members => is_partner_member(conn, author)?,
    };
    Ok(allowed.then_some(group))
}

/// May `author` write offers (and news) that we list? A co-op (an
/// `Organization`; a person or a Lemmy user is not listed as a co-op) of a
/// partner network, or of any server under the `anyone` policy.
pub(crate) fn may_author(
    conn: &mut DbConnection,
    policy: GroupPolicy,
    author: &ActorRow,
) -> Result<bool, ServiceError> {
    if author.kind != ActorKind::Organization || author.is_local {
        return Ok(false);
    }
    match policy {
        GroupPolicy::Anyone => Ok(true),
        GroupPolicy::Partners => is_partner_domain(conn, &author.domain),
        GroupPolicy::Members => is_partner_member(conn, author),
    }
}

/// Is `author` a co-op of a partner network's member directory (mirrored here)?
fn is_partner_member(conn: &mut DbConnection, author: &ActorRow) -> Result<bool, ServiceError> {
    Ok(is_partner_domain(conn, &author.domain)?
        && coopfed_db::members::find_member_by_actor(conn, &author.id)?.is_some_and(|m| m.taken_down_at.is_none()))
}

/// The partner networks' actors: remote networks that our network actor
/// follows and that follow it back (both accepted).
pub fn partners(conn: &mut DbConnection) -> Result<Vec<ActorRow>, ServiceError> {
    let Some(network_actor) = actors::local_network(conn)? else { return Ok(Vec::new()) };
    Ok(follows::mutual(conn, &network_actor.id)?)
}

/// Is `domain` the domain of a partner network?
pub(crate) fn is_partner_domain(conn: &mut DbConnection, domain: &str) -> Result<bool, ServiceError> {
    Ok(partners(conn)?.iter().any(|p| p.domain == domain))
}

/// The stream group `name` (`jobs`, `news`) of every partner network (stored
/// remote actors): where an offer published to all goes.
pub(crate) fn partner_groups(conn: &mut DbConnection, name: &str) -> Result<Vec<ActorRow>, ServiceError> {
    let mut groups = Vec::new();
    for partner in partners(conn)? {
        if let Some(group) = actors::find_remote(conn, &partner.domain, name)? {
            groups.push(group);
        }
    }
    Ok(groups)
}

/// Is `actor` a remote network that our network follows (accepted)? Only
/// such a network's co-ops are mirrored, and only it adds or removes them.
pub(crate) fn is_followed_network(conn: &mut DbConnection, actor: &ActorRow) -> Result<bool, ServiceError> {
    if actor.kind != ActorKind::Group || actor.is_local {
        return Ok(false);
    }
    let Some(local) = actors::local_network(conn)? else { return Ok(false) };
    Ok(follows::is_following(conn, &local.id, &actor.id)?)
}

/// May this `Add` or `Remove` by `network` change the mirrored directory?
/// Only a followed network, changing its own `members` collection, about
/// an actor on its own origin.
pub(crate) fn may_change_members(
    conn: &mut DbConnection,
    network: &ActorRow,
    target: Option<&str>,
    member: &str,
) -> Result<bool, ServiceError> {
    let members = format!("{}/members", network.ap_id);
    if target != Some(members.as_str()) || !same_origin(&network.ap_id, member) {
        return Ok(false);
    }
    is_followed_network(conn, network)
}
