//! Rendering actions into ActivityPub activities (the [`Outbound`] of the
//! service layer).

use coopfed_core::InstanceUrls;
use coopfed_db::{
    DbConnection,
    actors::{self, ActorRow},
    follows,
};
use coopfed_service::{
    ServiceError,
    outbound::{Action, Outbound, OutgoingActivity},
};
use serde_json::{Value, json};
use url::Url;

use crate::client::authority;

/// Renders activities for this instance.
pub struct ApOutbound {
    urls: InstanceUrls,
}

impl ApOutbound {
    pub fn new(urls: InstanceUrls) -> Self {
        Self { urls }
    }

    fn new_activity_id(&self) -> String {
        self.urls.activity(&coopfed_db::new_id()).to_string()
    }
}

/// Where an authored object goes: the home group, the partners' groups of the
/// same stream when published to all, and the author's followers.
struct Stream {
    group: ActorRow,
    partners: Vec<ActorRow>,
    cc: Vec<String>,
}

impl Stream {
    fn new(conn: &mut DbConnection, name: &str, to_all: bool, author: &ActorRow) -> Result<Self, ServiceError> {
        let group =
            actors::find_local(conn, actors::ActorKind::Group, name)?.ok_or(ServiceError::NotFound("stream group"))?;
        let partners = if to_all { crate::partners::policy::partner_groups(conn, name)? } else { Vec::new() };
        let mut cc = vec![group.ap_id.clone()];
        cc.extend(partners.iter().map(|p| p.ap_id.clone()));
        if let Some(followers) = &author.followers_url {
            cc.push(followers.clone());
        }
        Ok(Self { group, partners, cc })
    }
}

/// The `@context` of every activity we send.
pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

fn inbox_of(actor: &ActorRow) -> Vec<(String, String)> {
    let host = Url::parse(&actor.inbox_url).map(|u| authority(&u)).unwrap_or_default();
    vec![(actor.inbox_url.clone(), host)]
}

/// Where a server-wide delivery to `actor` goes, as (URL, host): its shared
/// inbox when it has one.
fn server_inbox(actor: &ActorRow) -> (String, String) {
    let inbox = actor.shared_inbox_url.clone().unwrap_or_else(|| actor.inbox_url.clone());
    let host = Url::parse(&inbox).map(|u| authority(&u)).unwrap_or_default();
    (inbox, host)
}

fn load(conn: &mut DbConnection, id: &str) -> Result<ActorRow, ServiceError> {
    actors::find_by_id(conn, id)?.ok_or(ServiceError::NotFound("actor"))
}

fn outgoing(actor: &ActorRow, activity: Value, inboxes: Vec<(String, String)>) -> OutgoingActivity {
    let public = ["to", "cc"]
        .iter()
        .any(|field| crate::values::ids_of(activity.get(*field)).iter().any(|id| crate::values::is_public(id)));
    OutgoingActivity {
        actor_id: actor.id.clone(),
        activity_id: activity["id"].as_str().unwrap_or_default().to_owned(),
        kind: activity["type"].as_str().unwrap_or_default().to_owned(),
        payload: activity.to_string(),
        public,
        inboxes,
    }
}

/// The Follow a local actor sent, as a JSON document.
fn follow_document(follow_id: &str, follower: &ActorRow, target: &ActorRow) -> Value {
    json!({
        "@context": AS_CONTEXT,
        "id": follow_id,
        "type": "Follow",
        "actor": follower.ap_id,
        "object": target.ap_id,
        "to": [target.ap_id],
    })
}

impl Outbound for ApOutbound {
    fn render(&self, conn: &mut DbConnection, action: &Action) -> Result<Vec<OutgoingActivity>, ServiceError> {
        match action {
            Action::Follow { follow_id } | Action::Unfollow { follow_id } => {
                let follow = follows::find_by_id(conn, follow_id)?.ok_or(ServiceError::NotFound("follow"))?;
                let follower = load(conn, &follow.follower_id)?;
                let target = load(conn, &follow.target_id)?;
                let follow_activity_id = follow.follow_activity_id.clone().unwrap_or_else(|| self.new_activity_id());
                let document = follow_document(&follow_activity_id, &follower, &target);
                let activity = if matches!(action, Action::Follow { .. }) {
                    document
                } else {
                    let mut embedded = document;
                    if let Some(map) = embedded.as_object_mut() {
                        map.remove("@context");
                    }
                    json!({
                        "@context": AS_CONTEXT,
                        "id": self.new_activity_id(),
                        "type": "Undo",
                        "actor": follower.ap_id,
                        "object": embedded,
                        "to": [target.ap_id],
                    })
                };
                Ok(vec![outgoing(&follower, activity, inbox_of(&target))])
            }
            Action::AcceptFollow { follow_id, follow } | Action::RejectFollow { follow_id, follow } => {
                let row = follows::find_by_id(conn, follow_id)?.ok_or(ServiceError::NotFound("follow"))?;
                let follower = load(conn, &row.follower_id)?;
                let target = load(conn, &row.target_id)?;
                // The answer names the Follow by its id, re-rendered with only
                // what we checked; the follower's own document is not repeated.
                let received: Value = serde_json::from_str(follow).unwrap_or(Value::Null);
                let follow_activity_id = row
                    .follow_activity_id
                    .clone()
                    .or_else(|| crate::values::id_of(&received).map(str::to_owned))
                    .unwrap_or_default();
                let embedded = json!({
                    "id": follow_activity_id,
                    "type": "Follow",
                    "actor": follower.ap_id,
                    "object": target.ap_id,
                });
                let kind = if matches!(action, Action::AcceptFollow { .. }) { "Accept" } else { "Reject" };
                let activity = json!({
                    "@context": AS_CONTEXT,
                    "id": self.new_activity_id(),
                    "type": kind,
                    "actor": target.ap_id,
                    "object": embedded,
                    "to": [follower.ap_id],
                });
                Ok(vec![outgoing(&target, activity, inbox_of(&follower))])
            }
            Action::JobPublished { job_id } | Action::JobUpdated { job_id } | Action::JobDeleted { job_id } => {
                self.render_job(conn, action, job_id)
            }
            Action::AnnouncementPublished { announcement_id }
            | Action::AnnouncementUpdated { announcement_id }
            | Action::AnnouncementDeleted { announcement_id } => {
                self.render_announcement(conn, action, announcement_id)
            }
            Action::MemberAdded { member_id } | Action::MemberUpdated { member_id } => {
                self.render_member(conn, action, member_id)
            }
            Action::MemberRemoved { member_ap_id } => {
                let network = self.network_actor(conn)?;
                let activity = json!({
                    "@context": AS_CONTEXT,
                    "id": self.new_activity_id(),
                    "type": "Remove",
                    "actor": network.ap_id,
                    "object": member_ap_id,
                    "target": format!("{}/members", network.ap_id),
                    "to": ["https://www.w3.org/ns/activitystreams#Public"],
                    "cc": [network.followers_url.clone().unwrap_or_default()],
                });
                let inboxes = follower_inboxes(conn, &network)?;
                let mut out = vec![outgoing(&network, activity, inboxes)];
                // Those who follow the co-op itself (Mastodon users) learn it is gone.
                if let Some(member) = actors::find_by_ap_id(conn, member_ap_id)?.filter(|a| a.is_local) {
                    let followers = follower_inboxes(conn, &member)?;
                    let delete = json!({
                        "@context": AS_CONTEXT,
                        "id": self.new_activity_id(),
                        "type": "Delete",
                        "actor": member.ap_id,
                        "object": member.ap_id,
                        "to": ["https://www.w3.org/ns/activitystreams#Public"],
                        "cc": [member.followers_url.clone().unwrap_or_default()],
                    });
                    out.push(outgoing(&member, delete, followers));
                }
                Ok(out)
            }
            Action::GroupAnnounce { group_id, activity } => {
                let group = load(conn, group_id)?;
                let inner: Value = serde_json::from_str(activity).map_err(|e| ServiceError::invalid("activity", e))?;
                self.stream_announces(conn, &group, inner, Vec::new())
            }
        }
    }
}

/// Inboxes of an actor's accepted followers, as (URL, host).
fn follower_inboxes(conn: &mut DbConnection, actor: &ActorRow) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(follows::follower_inboxes(conn, &actor.id)?
        .into_iter()
        .map(|url| {
            let host = Url::parse(&url).map(|u| authority(&u)).unwrap_or_default();
            (url, host)
        })
        .collect())
}

impl ApOutbound {
    fn network_actor(&self, conn: &mut DbConnection) -> Result<ActorRow, ServiceError> {
        actors::local_network(conn)?.ok_or(ServiceError::NotFound("network actor"))
    }

    /// A member joined (the network's `Add`) or changed its profile (the co-op's `Update`).
    fn render_member(
        &self,
        conn: &mut DbConnection,
        action: &Action,
        member_id: &str,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let member =
            coopfed_db::content::find_member_by_id(conn, member_id)?.ok_or(ServiceError::NotFound("member"))?;
        let member_actor = load(conn, &member.actor_id)?;
        let network = self.network_actor(conn)?;
        let mut document = serde_json::to_value(
            crate::actors::organization(
                &member_actor,
                &member,
                &coopfed_db::skills::member_skills_of(conn, &member.id)?,
                &self.urls,
                &coopfed_service::skills::load(conn)?,
            )
            .map_err(|e| ServiceError::invalid("actor", e))?,
        )
        .map_err(|e| ServiceError::invalid("actor", e))?;
        if let Some(map) = document.as_object_mut() {
            map.remove("@context");
        }
        let mut inboxes = follower_inboxes(conn, &network)?;
        let activity = if matches!(action, Action::MemberAdded { .. }) {
            json!({
                "@context": crate::actor_context(),
                "id": self.new_activity_id(),
                "type": "Add",
                "actor": network.ap_id,
                "object": document,
                "target": format!("{}/members", network.ap_id),
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "cc": [network.followers_url.clone().unwrap_or_default()],
            })
        } else {
            inboxes.extend(follower_inboxes(conn, &member_actor)?);
            json!({
                "@context": crate::actor_context(),
                "id": self.new_activity_id(),
                "type": "Update",
                "actor": member_actor.ap_id,
                "object": document,
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "cc": [network.followers_url.clone().unwrap_or_default(), member_actor.followers_url.clone().unwrap_or_default()],
            })
        };
        let sender = if matches!(action, Action::MemberAdded { .. }) { &network } else { &member_actor };
        inboxes.sort();
        inboxes.dedup();
        Ok(vec![outgoing(sender, activity, inboxes)])
    }

    /// Create/Update/Delete of a local job by its co-op, and the local jobs
    /// group's announcements of it.
    fn render_job(
        &self,
        conn: &mut DbConnection,
        action: &Action,
        job_id: &str,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let job = coopfed_db::jobs::find(conn, job_id)?.ok_or(ServiceError::NotFound("job"))?;
        let member =
            coopfed_db::content::find_member_by_id(conn, &job.member_id)?.ok_or(ServiceError::NotFound("member"))?;
        let author = load(conn, &member.actor_id)?;
        let stream = Stream::new(conn, coopfed_core::JOBS_GROUP, job.publish_to_all, &author)?;
        let kind = match action {
            Action::JobPublished { .. } => "Create",
            Action::JobUpdated { .. } => "Update",
            _ => "Delete",
        };
        let object = if kind == "Delete" {
            json!({ "id": job.ap_id, "type": "Tombstone", "formerType": "Page" })
        } else {
            let mut page = crate::objects::job_page(&job, &author.ap_id, &stream.cc);
            let skills = coopfed_db::jobs::skills_of(conn, &job.id)?;
            crate::objects::add_skills(&mut page, &skills, self.urls.base());
            page
        };
        self.authored(conn, &stream, &author, kind, object, crate::objects::job_context())
    }

    /// Create/Update/Delete of a local announcement by its co-op (or the
    /// network), and the local news group's announcements of it.
    fn render_announcement(
        &self,
        conn: &mut DbConnection,
        action: &Action,
        announcement_id: &str,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let row =
            coopfed_db::announcements::find(conn, announcement_id)?.ok_or(ServiceError::NotFound("announcement"))?;
        let author = match &row.member_id {
            Some(member_id) => {
                let member =
                    coopfed_db::content::find_member_by_id(conn, member_id)?.ok_or(ServiceError::NotFound("member"))?;
                load(conn, &member.actor_id)?
            }
            None => self.network_actor(conn)?,
        };
        let stream = Stream::new(conn, coopfed_core::NEWS_GROUP, row.publish_to_all, &author)?;
        let kind = match action {
            Action::AnnouncementPublished { .. } => "Create",
            Action::AnnouncementUpdated { .. } => "Update",
            _ => "Delete",
        };
        let object = if kind == "Delete" {
            let former = if row.kind == coopfed_db::announcements::kind::EVENT { "Event" } else { "Article" };
            json!({ "id": row.ap_id, "type": "Tombstone", "formerType": former })
        } else {
            crate::objects::announcement_object(&row, &author.ap_id, &stream.cc)
        };
        self.authored(conn, &stream, &author, kind, object, crate::objects::announcement_context())
    }

    /// An author's activity to its followers and the partner groups, then the
    /// home group's announcements of it.
    fn authored(
        &self,
        conn: &mut DbConnection,
        stream: &Stream,
        author: &ActorRow,
        kind: &str,
        object: Value,
        context: Value,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let activity = json!({
            "@context": context,
            "id": self.new_activity_id(),
            "type": kind,
            "actor": author.ap_id,
            "object": object,
            "to": ["https://www.w3.org/ns/activitystreams#Public"],
            "cc": stream.cc,
        });
        let mut inboxes = follower_inboxes(conn, author)?;
        inboxes.extend(stream.partners.iter().map(server_inbox));
        inboxes.sort();
        inboxes.dedup();
        let reached = inboxes.clone();
        let mut out = vec![outgoing(author, activity.clone(), inboxes)];
        out.extend(self.stream_announces(conn, &stream.group, activity, reached)?);
        Ok(out)
    }

    /// A local stream group's announcements of an activity to its followers,
    /// and the network actor's to its own (following `@network` brings
    /// everything). An inbox that `reached` already, or that the group
    /// reaches, gets nothing from the network; partner networks are left out,
    /// as they take offers by their own jobs group's rules.
    fn stream_announces(
        &self,
        conn: &mut DbConnection,
        group: &ActorRow,
        activity: Value,
        mut reached: Vec<(String, String)>,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let network = self.network_actor(conn)?;
        let by_network = activity.get("actor").and_then(crate::values::id_of) == Some(network.ap_id.as_str());
        let group_inboxes = follower_inboxes(conn, group)?;
        let mut out = self.announces(group, activity.clone(), group_inboxes.clone());
        if by_network {
            return Ok(out);
        }
        reached.extend(group_inboxes);
        reached.extend(crate::partners::policy::partners(conn)?.iter().map(server_inbox));
        let network_inboxes: Vec<(String, String)> = follower_inboxes(conn, &network)?
            .into_iter()
            .filter(|(url, _)| !reached.iter().any(|(seen, _)| seen == url))
            .collect();
        out.extend(self.announces(&network, activity, network_inboxes));
        Ok(out)
    }

    /// A local group's FEP-1b12 announcements of an activity to its followers:
    /// the activity itself, and for a Create also the object, for servers
    /// that only understand announced objects.
    fn announces(&self, group: &ActorRow, activity: Value, inboxes: Vec<(String, String)>) -> Vec<OutgoingActivity> {
        let followers = group.followers_url.clone().unwrap_or_default();
        let object_id = activity.get("object").and_then(crate::values::id_of).map(str::to_owned);
        let is_create = activity.get("type").and_then(Value::as_str) == Some("Create");
        let mut embedded = activity;
        if let Some(map) = embedded.as_object_mut() {
            map.remove("@context");
        }
        let announce = |object: Value| {
            json!({
                "@context": AS_CONTEXT,
                "id": self.new_activity_id(),
                "type": "Announce",
                "actor": group.ap_id,
                "object": object,
                "to": ["https://www.w3.org/ns/activitystreams#Public"],
                "cc": [followers],
            })
        };
        let mut out = vec![outgoing(group, announce(embedded), inboxes.clone())];
        if let (true, Some(object_id)) = (is_create, object_id) {
            out.push(outgoing(group, announce(Value::String(object_id)), inboxes));
        }
        out
    }
}
