//! `Create` (and `Update`) of a stream item: a job offer (`Page`), news
//! (`Article`, or a `Note` with a name) or an event (`Event`). A remote
//! author's item is taken when addressed to our stream group; ours go to the
//! author's followers and, published to all, to every partner's group of
//! the stream, and our group announces them.

use coopfed_db::{
    DbConnection,
    actors::{self, ActorRow},
    announcements::AnnouncementRow,
    jobs::JobRow,
};
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
    sending::{ApOutbound, follower_inboxes, followers_of, load, network_actor, outgoing, server_inbox},
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
    fn new(conn: &mut DbConnection, name: &str, to_all: bool, author: &ActorRow) -> Result<Self, ServiceError> {
        let group =
            actors::find_local(conn, actors::ActorKind::Group, name)?.ok_or(ServiceError::NotFound("stream group"))?;
        let partners = if to_all { crate::partners::policy::partner_groups(conn, name)? } else { Vec::new() };
        let mut cc = vec![group.ap_id.clone()];
        cc.extend(partners.iter().map(|p| p.ap_id.clone()));
        if author.followers_url.is_some() {
            cc.push(followers_of(author));
        }
        Ok(Self { group, partners, cc })
    }
}

/// The Create, Update or Delete of a local job by its co-op, and the local
/// jobs group's announcements of it.
pub(crate) fn render_job(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    action: &Action,
    job_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let job = coopfed_db::jobs::find(conn, job_id)?.ok_or(ServiceError::NotFound("job"))?;
    let member =
        coopfed_db::members::find_member_by_id(conn, &job.member_id)?.ok_or(ServiceError::NotFound("member"))?;
    let author = load(conn, &member.actor_id)?;
    let audience = Audience::new(conn, coopfed_core::JOBS_GROUP, job.publish_to_all, &author)?;
    let object = match action {
        Action::JobDeleted { .. } => super::delete::tombstone(&job.ap_id, "Page"),
        _ => {
            let skills = coopfed_db::jobs::skills_of(conn, &job.id)?;
            let page = crate::objects::job_page(&job, &author.ap_id, &audience.cc, &skills, outbound.urls().base());
            serde_json::to_value(page).map_err(crate::protocol::ProtocolError::from)?
        }
    };
    let verb = match action {
        Action::JobPublished { .. } => Verb::Create,
        Action::JobUpdated { .. } => Verb::Update,
        _ => Verb::Delete,
    };
    authored(outbound, conn, &audience, &author, verb, object, crate::objects::job_context())
}

/// The Create, Update or Delete of a local announcement by its co-op (or the
/// network), and the local news group's announcements of it.
pub(crate) fn render_announcement(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    action: &Action,
    announcement_id: &str,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let row = coopfed_db::announcements::find(conn, announcement_id)?.ok_or(ServiceError::NotFound("announcement"))?;
    let author = match &row.member_id {
        Some(member_id) => {
            let member =
                coopfed_db::members::find_member_by_id(conn, member_id)?.ok_or(ServiceError::NotFound("member"))?;
            load(conn, &member.actor_id)?
        }
        None => network_actor(conn)?,
    };
    let audience = Audience::new(conn, coopfed_core::NEWS_GROUP, row.publish_to_all, &author)?;
    let object = match action {
        Action::AnnouncementDeleted { .. } => {
            let former =
                if row.kind == coopfed_db::announcements::AnnouncementKind::Event { "Event" } else { "Article" };
            super::delete::tombstone(&row.ap_id, former)
        }
        _ => serde_json::to_value(crate::objects::announcement_object(&row, &author.ap_id, &audience.cc))
            .map_err(crate::protocol::ProtocolError::from)?,
    };
    let verb = match action {
        Action::AnnouncementPublished { .. } => Verb::Create,
        Action::AnnouncementUpdated { .. } => Verb::Update,
        _ => Verb::Delete,
    };
    authored(outbound, conn, &audience, &author, verb, object, crate::objects::announcement_context())
}

/// What an author does to its item.
#[derive(Clone, Copy)]
enum Verb {
    Create,
    Update,
    Delete,
}

/// An author's activity to its followers and the partner groups, then the
/// home group's announcements of it.
fn authored(
    outbound: &ApOutbound,
    conn: &mut DbConnection,
    audience: &Audience,
    author: &ActorRow,
    verb: Verb,
    object: Value,
    context: Value,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    use crate::protocol::kinds::activity::{CreateType, DeleteType, UpdateType};
    let id = outbound.new_activity_id();
    let object = ObjectRef { id: crate::values::id_of(&object).unwrap_or_default().to_owned(), embedded: Some(object) };
    let (actor, to, cc) = (author.ap_id.clone(), vec![PUBLIC.to_owned()], audience.cc.clone());
    let activity = match verb {
        Verb::Create => serde_json::to_value(Authored { id, kind: CreateType::Create, actor, object, to, cc }),
        Verb::Update => serde_json::to_value(Authored { id, kind: UpdateType::Update, actor, object, to, cc }),
        Verb::Delete => serde_json::to_value(Authored { id, kind: DeleteType::Delete, actor, object, to, cc }),
    }
    .map_err(crate::protocol::ProtocolError::from)?;
    let mut inboxes = follower_inboxes(conn, author)?;
    inboxes.extend(audience.partners.iter().map(server_inbox));
    inboxes.sort();
    inboxes.dedup();
    let reached = inboxes.clone();
    let sent = outgoing(author, &activity, context, inboxes)?;
    let document: Value = serde_json::from_str(&sent.payload).map_err(crate::protocol::ProtocolError::from)?;
    let mut out = vec![sent];
    out.extend(super::announce::render_stream(outbound, conn, &audience.group, document, reached)?);
    Ok(out)
}
