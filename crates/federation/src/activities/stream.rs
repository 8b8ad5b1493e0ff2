//! What job offers and announcements (news, events) share as items of a
//! stream: a local group (`jobs`, `news`) takes them from their authors when
//! they are addressed to it, keeps where each came from (provenance),
//! announces them to its followers, and follows their edits and deletes.
//! [`StreamItem`] says how each kind is read and stored; the rules here are
//! written once for both.

use chrono::NaiveDate;
use coopfed_db::{
    DbConnection,
    actors::{ActorKind, ActorRow},
    announcements::{self, AnnouncementRow},
    jobs,
    jobs::JobRow,
    members, networks, provenance,
};
use coopfed_service::{
    ServiceError,
    outbound::{Action, Outbound, emit},
};
use serde_json::Value;

use crate::{
    objects::{AnnouncementFields, ItemHeader, JobFields, announcement_from_object, job_from_page},
    partners::{
        GroupPolicy,
        members::mirror_member,
        policy::{accepting_group, may_author},
    },
    protocol::ObjectRef,
};

/// The stream an object belongs to, by its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemKind {
    Job,
    Announcement,
}

impl ItemKind {
    /// The stream of an object of the type `kind`: a `Page` is a job offer;
    /// an `Article`, `Event` or `Note` an announcement.
    pub(crate) fn named(kind: &str) -> Option<Self> {
        match kind {
            "Page" => Some(Self::Job),
            "Article" | "Event" | "Note" => Some(Self::Announcement),
            _ => None,
        }
    }

    /// The stream of an embedded object.
    pub(crate) fn of(object: &ObjectRef) -> Option<Self> {
        Self::named(object.kind()?)
    }

    /// The stream of a fetched document.
    pub(crate) fn of_document(document: &Value) -> Option<Self> {
        Self::named(crate::values::type_of(document)?)
    }
}

/// An item of a stream, as stored.
pub(crate) trait StreamItem: Sized {
    /// What is read from a remote object.
    type Fields;
    /// The local group of this stream.
    const GROUP: &'static str;
    /// What it is called in logs.
    const NOUN: &'static str;

    /// Reads a remote object; `None` when it is not an item of this stream.
    fn read(object: &Value, today: NaiveDate) -> Option<Self::Fields>;
    fn header(fields: &Self::Fields) -> &ItemHeader;
    /// May `author` send such items to our group at all (before addressing is checked)?
    fn may_send(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError>;
    /// May `author` have such items listed here, when shared by a group or a partner's list?
    fn may_write(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError>;
    fn find(conn: &mut DbConnection, ap_id: &str) -> Result<Option<Self>, ServiceError>;
    /// Did `author` write this stored item (never one of ours)?
    fn written_by(&self, conn: &mut DbConnection, author: &ActorRow) -> Result<bool, ServiceError>;
    /// Writes `fields` over the stored item, which is no longer deleted.
    fn refresh(&mut self, conn: &mut DbConnection, fields: Self::Fields) -> Result<(), ServiceError>;
    /// Stores a new item by `author`.
    fn create(conn: &mut DbConnection, author: &ActorRow, fields: Self::Fields) -> Result<Self, ServiceError>;
    fn ap_id(&self) -> &str;
    /// A remote item not yet deleted.
    fn is_live_mirror(&self) -> bool;
    fn mark_deleted(&self, conn: &mut DbConnection) -> Result<(), ServiceError>;
    /// Does the group pass on its author's Delete of this item?
    fn forwards_delete(&self) -> bool;
}

/// [`StreamItem::ap_id`] and [`StreamItem::is_live_mirror`], read the same
/// way from every stored row.
macro_rules! stored_row_state {
    () => {
        fn ap_id(&self) -> &str {
            &self.ap_id
        }

        fn is_live_mirror(&self) -> bool {
            !self.is_local && self.deleted_at.is_none()
        }
    };
}

/// The local group of a stream.
fn local_group<I: StreamItem>(conn: &mut DbConnection) -> Result<Option<ActorRow>, ServiceError> {
    Ok(coopfed_db::actors::find_local(conn, ActorKind::Group, I::GROUP)?)
}

/// Stores or refreshes a remote item written by `author`; nothing when the
/// stored one is another author's (or our own).
fn upsert<I: StreamItem>(
    conn: &mut DbConnection,
    author: &ActorRow,
    fields: I::Fields,
) -> Result<Option<I>, ServiceError> {
    let ap_id = I::header(&fields).ap_id.to_owned();
    if let Some(mut existing) = I::find(conn, &ap_id)? {
        if !existing.written_by(conn, author)? {
            tracing::info!(item = %ap_id, by = %author.ap_id, "{} changed by another than its author was ignored", I::NOUN);
            return Ok(None);
        }
        existing.refresh(conn, fields)?;
        return Ok(Some(existing));
    }
    I::create(conn, author, fields).map(Some)
}

/// A Create or Update of an item by its author: stored when addressed to
/// our group under its policy (or already known), and announced by the
/// group. Returns whether activities were queued.
pub(crate) fn receive_from_author<I: StreamItem>(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    policy: GroupPolicy,
    author: &ActorRow,
    fields: I::Fields,
    activity: &str,
    activity_id: &str,
) -> Result<bool, ServiceError> {
    let header = I::header(&fields);
    if header.author.as_deref() != Some(author.ap_id.as_str()) || !I::may_send(conn, policy, author)? {
        return Ok(false);
    }
    let group = accepting_group(conn, policy, author, I::GROUP, &header.addressed, header.audience.as_deref())?;
    let known = I::find(conn, &header.ap_id)?.is_some();
    if group.is_none() && !known {
        tracing::info!(item = %header.ap_id, author = %author.ap_id, "{} not accepted by the {} group", I::NOUN, I::GROUP);
        return Ok(false);
    }
    let Some(row) = upsert::<I>(conn, author, fields)? else { return Ok(false) };
    let Some(group) = group else { return Ok(false) };
    provenance::add(conn, row.ap_id(), &group.ap_id, Some(activity_id))?;
    emit(conn, outbound, &Action::GroupAnnounce { group_id: group.id, activity: activity.to_owned() })?;
    Ok(true)
}

/// An item a partner network lists as published to all (its `shared`
/// collection), fetched from its origin when the partnership formed. Our
/// group takes it as if the author had sent it. Returns whether it was stored.
pub(crate) fn receive_shared<I: StreamItem>(
    conn: &mut DbConnection,
    author: &ActorRow,
    object: &Value,
    today: NaiveDate,
) -> Result<bool, ServiceError> {
    let Some(fields) = I::read(object, today) else { return Ok(false) };
    if I::header(&fields).author.as_deref() != Some(author.ap_id.as_str())
        || !I::may_write(conn, GroupPolicy::Partners, author)?
    {
        return Ok(false);
    }
    let Some(group) = local_group::<I>(conn)? else { return Ok(false) };
    let Some(row) = upsert::<I>(conn, author, fields)? else { return Ok(false) };
    provenance::add(conn, row.ap_id(), &group.ap_id, None)?;
    Ok(true)
}

/// A Delete by the author. `None`: no such item of this stream. Else
/// whether activities were queued (the group passes the Delete on).
pub(crate) fn receive_delete<I: StreamItem>(
    conn: &mut DbConnection,
    outbound: &dyn Outbound,
    author: &ActorRow,
    object_id: &str,
    activity: &str,
) -> Result<Option<bool>, ServiceError> {
    let Some(item) = I::find(conn, object_id)? else { return Ok(None) };
    if !item.written_by(conn, author)? {
        return Ok(Some(false));
    }
    if item.is_live_mirror() {
        item.mark_deleted(conn)?;
    }
    let Some(group) = local_group::<I>(conn)? else { return Ok(Some(false)) };
    if item.forwards_delete() && provenance::has(conn, item.ap_id(), &group.ap_id)? {
        emit(conn, outbound, &Action::GroupAnnounce { group_id: group.id, activity: activity.to_owned() })?;
        return Ok(Some(true));
    }
    Ok(Some(false))
}

/// What a fetch of an announced object found at its origin.
#[derive(Debug)]
pub enum Origin {
    /// The current document.
    Found(Value),
    /// 404 or 410: the object is gone.
    Gone,
}

/// An item shared by a remote group a local actor follows. The object was
/// fetched from its origin rather than trusted from the announcement; its
/// author must be one we list.
pub(crate) fn receive_announced<I: StreamItem>(
    conn: &mut DbConnection,
    policy: GroupPolicy,
    group: &ActorRow,
    object_id: &str,
    origin: &Origin,
    activity_id: &str,
    today: NaiveDate,
) -> Result<(), ServiceError> {
    match origin {
        Origin::Found(object) => {
            let Some(fields) = I::read(object, today) else { return Ok(()) };
            let header = I::header(&fields);
            if header.ap_id != object_id {
                return Ok(());
            }
            let Some(author_id) = header.author.as_deref() else { return Ok(()) };
            let Some(author) = coopfed_db::actors::find_by_ap_id(conn, author_id)? else { return Ok(()) };
            if !I::may_write(conn, policy, &author)? {
                tracing::info!(item = %object_id, author = %author.ap_id, "a shared {} by an author we do not list was ignored", I::NOUN);
                return Ok(());
            }
            let Some(row) = upsert::<I>(conn, &author, fields)? else { return Ok(()) };
            provenance::add(conn, row.ap_id(), &group.ap_id, Some(activity_id))?;
        }
        Origin::Gone => {
            // Gone at its origin (which the object id names): withdrawn.
            if let Some(item) = I::find(conn, object_id)? {
                if item.is_live_mirror() {
                    item.mark_deleted(conn)?;
                }
            }
        }
    }
    Ok(())
}

impl StreamItem for JobRow {
    type Fields = JobFields;
    const GROUP: &'static str = coopfed_core::JOBS_GROUP;
    const NOUN: &'static str = "an offer";

    fn read(object: &Value, today: NaiveDate) -> Option<JobFields> {
        job_from_page(object, today).ok()
    }

    fn header(fields: &JobFields) -> &ItemHeader {
        &fields.header
    }

    fn may_send(_: &mut DbConnection, _: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError> {
        Ok(author.kind == ActorKind::Organization)
    }

    fn may_write(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError> {
        may_author(conn, policy, author)
    }

    fn find(conn: &mut DbConnection, ap_id: &str) -> Result<Option<Self>, ServiceError> {
        Ok(jobs::find_by_ap_id(conn, ap_id)?)
    }

    fn written_by(&self, conn: &mut DbConnection, author: &ActorRow) -> Result<bool, ServiceError> {
        Ok(!self.is_local
            && members::find_member_by_id(conn, &self.member_id)?.is_some_and(|m| m.actor_id == author.id))
    }

    fn refresh(&mut self, conn: &mut DbConnection, fields: JobFields) -> Result<(), ServiceError> {
        let skills = coopfed_service::skills::load(conn)?.known_slugs(&fields.skills);
        fields.apply_to(self);
        self.deleted_at = None;
        jobs::update(conn, self)?;
        jobs::set_skills(conn, &self.id, &skills)?;
        Ok(())
    }

    fn create(conn: &mut DbConnection, author: &ActorRow, fields: JobFields) -> Result<Self, ServiceError> {
        let skills = coopfed_service::skills::load(conn)?.known_slugs(&fields.skills);
        let member = mirror_member(conn, author, None)?;
        let mut row = JobRow::new(fields.header.ap_id.clone(), member.id, false, fields.posted_on);
        fields.apply_to(&mut row);
        jobs::insert(conn, &row)?;
        jobs::set_skills(conn, &row.id, &skills)?;
        Ok(row)
    }

    stored_row_state!();

    fn mark_deleted(&self, conn: &mut DbConnection) -> Result<(), ServiceError> {
        Ok(jobs::mark_deleted(conn, &self.id)?)
    }

    fn forwards_delete(&self) -> bool {
        self.audience.is_some()
    }
}

impl StreamItem for AnnouncementRow {
    type Fields = AnnouncementFields;
    const GROUP: &'static str = coopfed_core::NEWS_GROUP;
    const NOUN: &'static str = "an announcement";

    fn read(object: &Value, _: NaiveDate) -> Option<AnnouncementFields> {
        announcement_from_object(object).ok()
    }

    fn header(fields: &AnnouncementFields) -> &ItemHeader {
        &fields.header
    }

    fn may_send(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError> {
        Self::may_write(conn, policy, author)
    }

    /// A co-op that [`may_author`] allows, or the network actor of a partner.
    fn may_write(conn: &mut DbConnection, policy: GroupPolicy, author: &ActorRow) -> Result<bool, ServiceError> {
        if author.kind == ActorKind::Group && !author.is_local {
            return Ok(crate::partners::policy::partners(conn)?.iter().any(|p| p.id == author.id));
        }
        may_author(conn, policy, author)
    }

    fn find(conn: &mut DbConnection, ap_id: &str) -> Result<Option<Self>, ServiceError> {
        Ok(announcements::find_by_ap_id(conn, ap_id)?)
    }

    /// Its co-op, or its network's actor.
    fn written_by(&self, conn: &mut DbConnection, author: &ActorRow) -> Result<bool, ServiceError> {
        if self.is_local {
            return Ok(false);
        }
        Ok(match &self.member_id {
            Some(member_id) => members::find_member_by_id(conn, member_id)?.is_some_and(|m| m.actor_id == author.id),
            None => networks::find_by_id(conn, &self.network_id)?.is_some_and(|n| {
                author.kind == ActorKind::Group && n.domain == author.domain && n.slug == author.username
            }),
        })
    }

    fn refresh(&mut self, conn: &mut DbConnection, fields: AnnouncementFields) -> Result<(), ServiceError> {
        fields.apply_to(self);
        self.deleted_at = None;
        announcements::update(conn, self)?;
        Ok(())
    }

    fn create(conn: &mut DbConnection, author: &ActorRow, fields: AnnouncementFields) -> Result<Self, ServiceError> {
        // The network (and writing co-op, if any) of the author.
        let (network_id, member_id) = if author.kind == ActorKind::Organization {
            let member = mirror_member(conn, author, None)?;
            (member.network_id, Some(member.id))
        } else {
            let network = networks::ensure_remote(conn, &author.domain, &author.username, &author.display_name)?;
            (network.id, None)
        };
        let mut row =
            AnnouncementRow { member_id, ..AnnouncementRow::new(fields.header.ap_id.clone(), network_id, false) };
        fields.apply_to(&mut row);
        announcements::insert(conn, &row)?;
        Ok(row)
    }

    stored_row_state!();

    fn mark_deleted(&self, conn: &mut DbConnection) -> Result<(), ServiceError> {
        Ok(announcements::mark_deleted(conn, &self.id)?)
    }

    fn forwards_delete(&self) -> bool {
        true
    }
}
