//! `Create` (and `Update`) of a stream item: a job offer (`Page`), news
//! (`Article`, or a `Note` with a name) or an event (`Event`). A remote
//! author's item is taken when addressed to our stream group; ours go to the
//! author's followers and, published to all, to every partner's group of
//! the stream, and our group announces them.

use coopfed_db::{DbConnection, actors::ActorRow, announcements::AnnouncementRow, jobs::JobRow};
use coopfed_service::{
    ServiceError,
    outbound::{Action, OutgoingActivity},
};
use serde_json::Value;

use super::{
    inbound::Inbound,
    stream::{self, ItemKind},
};
use crate::{
    protocol::{ObjectRef, PUBLIC, activities::Authored},
    sending::{ApOutbound, Lookups, followers_of, outgoing, server_inbox},
};

/// A Create of an item by its author. Returns whether activities were queued.
pub(crate) fn receive(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    author: &ActorRow,
    object: &ObjectRef,
) -> Result<bool, ServiceError> {
    let Some(document) = &object.embedded else { return Ok(false) };
    match ItemKind::of(object) {
        Some(ItemKind::Job) => take::<JobRow>(conn, inbound, author, document),
        Some(ItemKind::Announcement) => take::<AnnouncementRow>(conn, inbound, author, document),
        None => Ok(false),
    }
}

/// Reads `document` as an item of the stream `I` and hands it to its group.
fn take<I: stream::StreamItem>(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    author: &ActorRow,
    document: &Value,
) -> Result<bool, ServiceError> {
    let Some(fields) = I::read(document, inbound.today) else { return Ok(false) };
    let (activity, activity_id) = (&inbound.row.payload, &inbound.row.activity_id);
    stream::receive_from_author::<I>(
        conn,
        inbound.outbound,
        inbound.settings.policies.group(),
        author,
        fields,
        activity,
        activity_id,
    )
}

/// Where an authored object goes: the home group, the partners' groups of the
/// same stream when published to all, and the author's followers.
struct Audience {
    group: ActorRow,
    partners: Vec<ActorRow>,
    cc: Vec<String>,
}

impl Audience {
    fn new(
        conn: &mut DbConnection,
        lookups: &mut Lookups,
        name: &str,
        to_all: bool,
        author: &ActorRow,
    ) -> Result<Self, ServiceError> {
        let group = lookups.group(conn, name)?;
        let partners = if to_all { lookups.partner_groups(conn, name)? } else { Vec::new() };
        let mut cc = vec![group.ap_id.clone()];
        cc.extend(partners.iter().map(|p| p.ap_id.clone()));
        if author.followers_url.is_some() {
            cc.push(followers_of(author));
        }
        Ok(Self { group, partners, cc })
    }
}

/// The Create, Update or Delete of a local job by its co-op, and the local
/// jobs group's announcements of it. A Create or Update carries the offer
/// by id: its current page is put in when the activity is sent or listed
/// ([`crate::embeds`]), so the outbox keeps no copy of it per activity.
pub(crate) fn render_job(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    action: &Action,
    job_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let job = coopfed_db::jobs::find(conn, job_id)?.ok_or(ServiceError::NotFound("job"))?;
    let author = lookups.member_actor(conn, &job.member_id)?;
    let audience = Audience::new(conn, lookups, coopfed_core::JOBS_GROUP, job.publish_to_all, &author)?;
    let (verb, object) = match action {
        Action::JobPublished { .. } => (Verb::Create, ObjectRef::id(&job.ap_id)),
        Action::JobUpdated { .. } => (Verb::Update, ObjectRef::id(&job.ap_id)),
        _ => (Verb::Delete, tombstone_ref(&job.ap_id, "Page")),
    };
    authored(outbound, (conn, lookups), &audience, &author, verb, object, crate::objects::job_context())
}

/// The Create, Update or Delete of a local announcement by its co-op (or the
/// network), and the local news group's announcements of it; carried by id
/// as offers are.
pub(crate) fn render_announcement(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    action: &Action,
    announcement_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let row = coopfed_db::announcements::find(conn, announcement_id)?.ok_or(ServiceError::NotFound("announcement"))?;
    let author = announcement_author(conn, lookups, &row)?;
    let audience = Audience::new(conn, lookups, coopfed_core::NEWS_GROUP, row.publish_to_all, &author)?;
    let (verb, object) = match action {
        Action::AnnouncementPublished { .. } => (Verb::Create, ObjectRef::id(&row.ap_id)),
        Action::AnnouncementUpdated { .. } => (Verb::Update, ObjectRef::id(&row.ap_id)),
        _ => {
            let former =
                if row.kind == coopfed_db::announcements::AnnouncementKind::Event { "Event" } else { "Article" };
            (Verb::Delete, tombstone_ref(&row.ap_id, former))
        }
    };
    authored(outbound, (conn, lookups), &audience, &author, verb, object, crate::objects::announcement_context())
}

/// A deleted item's tombstone, embedded.
fn tombstone_ref(ap_id: &str, former: &str) -> ObjectRef {
    ObjectRef { id: ap_id.to_owned(), embedded: Some(super::delete::tombstone(ap_id, former)) }
}

fn announcement_author(
    conn: &mut DbConnection,
    lookups: &mut Lookups,
    row: &AnnouncementRow,
) -> Result<ActorRow, ServiceError> {
    match &row.member_id {
        Some(member_id) => lookups.member_actor(conn, member_id),
        None => lookups.network(conn),
    }
}

/// The current document of the local job offer, announcement or member
/// co-op `ap_id`, as activities carry it (an offer or announcement
/// addressed to its audience, a co-op's actor without `@context`); `None`
/// if there is no such local item.
pub(crate) fn item_document(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    ap_id: &str,
) -> Result<Option<Value>, ServiceError> {
    let base = outbound.urls().base();
    if let Some(job) = coopfed_db::jobs::find_by_ap_id(conn, ap_id)?.filter(|j| j.is_local) {
        let author = lookups.member_actor(conn, &job.member_id)?;
        let audience = Audience::new(conn, lookups, coopfed_core::JOBS_GROUP, job.publish_to_all, &author)?;
        let skills = coopfed_db::jobs::skills_of(conn, &job.id)?;
        let page = crate::objects::job_page(&job, &author.ap_id, &audience.cc, &skills, base);
        return Ok(Some(serde_json::to_value(page).map_err(crate::protocol::ProtocolError::from)?));
    }
    if let Some(row) = coopfed_db::announcements::find_by_ap_id(conn, ap_id)?.filter(|a| a.is_local) {
        let author = announcement_author(conn, lookups, &row)?;
        let audience = Audience::new(conn, lookups, coopfed_core::NEWS_GROUP, row.publish_to_all, &author)?;
        let object = crate::objects::announcement_object(&row, &author.ap_id, &audience.cc);
        return Ok(Some(serde_json::to_value(object).map_err(crate::protocol::ProtocolError::from)?));
    }
    let actor = coopfed_db::actors::find_by_ap_id(conn, ap_id)?.filter(|a| a.is_local);
    if let Some(member) = actor.map(|a| coopfed_db::members::find_member_by_actor(conn, &a.id)).transpose()?.flatten() {
        return Ok(Some(super::add::member_document(outbound, conn, &member.id)?.1));
    }
    Ok(None)
}

/// What an author does to its item.
#[derive(Clone, Copy)]
enum Verb {
    Create,
    Update,
    Delete,
}

/// An author's activity to its followers and the partner groups, then the
/// home group's announcements of it. An object given by id only is a local
/// item, put in when the activity is sent or listed.
fn authored(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    audience: &Audience,
    author: &ActorRow,
    verb: Verb,
    object: ObjectRef,
    context: Value,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    use crate::protocol::kinds::activity::{CreateType, DeleteType, UpdateType};
    let id = outbound.new_activity_id();
    let embeds = object.embedded.is_none().then(|| object.id.clone());
    let (actor, to, cc) = (author.ap_id.clone(), vec![PUBLIC.to_owned()], audience.cc.clone());
    let activity = match verb {
        Verb::Create => serde_json::to_value(Authored { id, kind: CreateType::Create, actor, object, to, cc }),
        Verb::Update => serde_json::to_value(Authored { id, kind: UpdateType::Update, actor, object, to, cc }),
        Verb::Delete => serde_json::to_value(Authored { id, kind: DeleteType::Delete, actor, object, to, cc }),
    }
    .map_err(crate::protocol::ProtocolError::from)?;
    let mut inboxes = lookups.follower_inboxes(conn, author)?;
    inboxes.extend(audience.partners.iter().map(server_inbox));
    inboxes.sort();
    inboxes.dedup();
    let reached = inboxes.clone();
    let mut sent = outgoing(author, &activity, context, inboxes)?;
    sent.embeds.clone_from(&embeds);
    let mut out = vec![sent];
    let stream = super::announce::Shared { activity, embeds };
    out.extend(super::announce::render_stream(outbound, (conn, lookups), &audience.group, stream, reached)?);
    Ok(out)
}
