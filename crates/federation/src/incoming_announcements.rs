//! News and events arriving from other servers: written by a partner's co-op
//! or network and addressed to our news group (publish to all), announced by
//! a group we follow, edited or withdrawn by their author.

use coopfed_db::{
    DbConnection,
    actors::{ActorKind, ActorRow},
    announcements::{self, AnnouncementRow},
    content, jobs, networks,
};
use coopfed_service::{
    ServiceError,
    outbound::{Action, Outbound, emit},
};
use serde_json::Value;

use crate::{
    incoming_jobs::Origin,
    incoming_members::mirror_member,
    objects::{AnnouncementFields, announcement_from_object},
    partners::{GroupPolicy, policy::accepting_group},
};

/// May `author` write news and events that we list? A co-op that
/// [`may_author`](crate::partners::policy::may_author) allows, or the network
/// actor of a partner.
fn may_write(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError> {
    if author.kind == ActorKind::Group && !author.is_local {
        return Ok(crate::partners::policy::partners(conn)?.iter().any(|p| p.id == author.id));
    }
    crate::partners::policy::may_author(conn, policy, author)
}

/// Did `author` write this stored announcement (its co-op, or its network's actor)?
fn written_by(conn: &mut DbConnection, row: &AnnouncementRow, author: &ActorRow) -> Result<bool, ServiceError> {
    if row.is_local {
        return Ok(false);
    }
    Ok(match &row.member_id {
        Some(member_id) => content::find_member_by_id(conn, member_id)?.is_some_and(|m| m.actor_id == author.id),
        None => networks::find_by_id(conn, &row.network_id)?
            .is_some_and(|n| author.kind == ActorKind::Group && n.domain == author.domain && n.slug == author.username),
    })
}

/// The network (and writing co-op, if any) of a remote author.
fn origin_of(conn: &mut DbConnection, author: &ActorRow) -> Result<(String, Option<String>), ServiceError> {
    if author.kind == ActorKind::Organization {
        let member = mirror_member(conn, author, None)?;
        return Ok((member.network_id, Some(member.id)));
    }
    let network = networks::ensure_remote(conn, &author.domain, &author.username, &author.display_name)?;
    Ok((network.id, None))
}

/// Stores or refreshes a remote announcement by `author`; nothing when the
/// stored one is another author's (or our own).
fn upsert(
    conn: &mut DbConnection,
    author: &ActorRow,
    fields: AnnouncementFields,
) -> Result<Option<AnnouncementRow>, ServiceError> {
    if let Some(mut existing) = announcements::find_by_ap_id(conn, &fields.ap_id)? {
        if !written_by(conn, &existing, author)? {
            tracing::info!(announcement = %fields.ap_id, by = %author.ap_id, "an announcement changed by another than its author was ignored");
            return Ok(None);
        }
        fields.apply_to(&mut existing);
        existing.deleted_at = None;
        announcements::update(conn, &existing)?;
        return Ok(Some(existing));
    }
    let (network_id, member_id) = origin_of(conn, author)?;
    let mut row = AnnouncementRow { member_id, ..AnnouncementRow::new(fields.ap_id.clone(), network_id, false) };
    fields.apply_to(&mut row);
    announcements::insert(conn, &row)?;
    Ok(Some(row))
}

/// A Create or Update of an `Article` or `Event` by its author. Returns whether
/// activities were queued.
pub fn receive_from_author(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    policy: GroupPolicy,
    author: &ActorRow,
    activity: &Value,
    activity_id: &str,
) -> Result<bool, ServiceError> {
    let Some(object) = activity.get("object").filter(|o| o.is_object()) else { return Ok(false) };
    let Ok(fields) = announcement_from_object(object) else { return Ok(false) };
    if fields.author.as_deref() != Some(author.ap_id.as_str()) || !may_write(conn, policy, author)? {
        return Ok(false);
    }
    let group =
        accepting_group(conn, policy, author, coopfed_core::NEWS_GROUP, &fields.addressed, fields.audience.as_deref())?;
    let known = announcements::find_by_ap_id(conn, &fields.ap_id)?.is_some();
    if group.is_none() && !known {
        tracing::info!(announcement = %fields.ap_id, author = %author.ap_id, "announcement not accepted by the news group");
        return Ok(false);
    }
    let Some(row) = upsert(conn, author, fields)? else { return Ok(false) };
    if let Some(group) = group {
        jobs::add_provenance(conn, &row.ap_id, &group.ap_id, Some(activity_id))?;
        emit(conn, outbound, &Action::GroupAnnounce { group_id: group.id, activity: activity.to_string() })?;
        return Ok(true);
    }
    Ok(false)
}

/// News or an event a partner network lists as published to all (its
/// `shared` collection), fetched from its origin when the partnership formed.
/// The local news group accepts it as if the author had sent it. Returns
/// whether it was stored.
pub fn receive_shared(conn: &mut DbConnection, author: &ActorRow, object: &Value) -> Result<bool, ServiceError> {
    let Ok(fields) = announcement_from_object(object) else { return Ok(false) };
    if fields.author.as_deref() != Some(author.ap_id.as_str()) || !may_write(conn, GroupPolicy::Partners, author)? {
        return Ok(false);
    }
    let Some(group) = coopfed_db::actors::find_local(conn, ActorKind::Group, coopfed_core::NEWS_GROUP)? else {
        return Ok(false);
    };
    let Some(row) = upsert(conn, author, fields)? else { return Ok(false) };
    jobs::add_provenance(conn, &row.ap_id, &group.ap_id, None)?;
    Ok(true)
}

/// A Delete by the author. Returns whether activities were queued (`None`: not an announcement).
pub fn receive_delete(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    author: &ActorRow,
    activity: &Value,
) -> Result<Option<bool>, ServiceError> {
    let Some(object_id) = activity.get("object").and_then(crate::values::id_of) else { return Ok(None) };
    let Some(row) = announcements::find_by_ap_id(conn, object_id)? else { return Ok(None) };
    if !written_by(conn, &row, author)? {
        return Ok(Some(false));
    }
    if row.deleted_at.is_none() {
        announcements::mark_deleted(conn, &row.id)?;
    }
    let group = coopfed_db::actors::find_local(conn, ActorKind::Group, coopfed_core::NEWS_GROUP)?;
    if let Some(group) = group.filter(|g| jobs::has_provenance(conn, &row.ap_id, &g.ap_id).unwrap_or(false)) {
        emit(conn, outbound, &Action::GroupAnnounce { group_id: group.id, activity: activity.to_string() })?;
        return Ok(Some(true));
    }
    Ok(Some(false))
}

/// An Announce of an `Article` or `Event` by a remote group a local actor follows;
/// the object was fetched from its origin.
pub fn receive_announce(
    conn: &mut DbConnection,
    policy: GroupPolicy,
    group: &ActorRow,
    object_id: &str,
    origin: &Origin,
    activity_id: &str,
) -> Result<bool, ServiceError> {
    match origin {
        Origin::Found(object) => {
            let Ok(fields) = announcement_from_object(object) else { return Ok(false) };
            if fields.ap_id != object_id {
                return Ok(true);
            }
            let Some(author_id) = fields.author.clone() else { return Ok(true) };
            let Some(author) = coopfed_db::actors::find_by_ap_id(conn, &author_id)? else { return Ok(true) };
            if !may_write(conn, policy, &author)? {
                tracing::info!(announcement = %fields.ap_id, author = %author.ap_id, "an announced item by an author we do not list was ignored");
                return Ok(true);
            }
            let Some(row) = upsert(conn, &author, fields)? else { return Ok(true) };
            jobs::add_provenance(conn, &row.ap_id, &group.ap_id, Some(activity_id))?;
            Ok(true)
        }
        Origin::Gone => {
            let Some(row) = announcements::find_by_ap_id(conn, object_id)? else { return Ok(false) };
            if !row.is_local && row.deleted_at.is_none() {
                announcements::mark_deleted(conn, &row.id)?;
            }
            Ok(true)
        }
    }
}
