//! What sending any activity needs: our activity ids, addressing, the
//! inboxes of an actor or its followers, and the rendered document with its
//! `@context`. The modules under [`crate::activities`] build on it;
//! [`crate::outbound`] hands them the service layer's actions.

use std::collections::HashMap;

use coopfed_core::InstanceUrls;
use coopfed_db::{
    ActorId, DbConnection, MemberId,
    actors::{self, ActorRow},
    follows,
};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use serde::Serialize;
use serde_json::Value;
use url::Url;

use crate::{
    client::authority,
    protocol::{AS_CONTEXT, ProtocolError, WithContext},
};

/// Renders activities for this instance.
pub struct ApOutbound {
    urls: InstanceUrls,
}

impl ApOutbound {
    pub fn new(urls: InstanceUrls) -> Self {
        Self { urls }
    }

    /// A new id for an activity we send.
    pub(crate) fn new_activity_id(&self) -> String {
        self.urls.activity(&coopfed_db::new_id()).to_string()
    }

    pub(crate) fn urls(&self) -> &InstanceUrls {
        &self.urls
    }
}

/// The inbox of one actor, as (URL, host).
pub(crate) fn inbox_of(actor: &ActorRow) -> Vec<(String, String)> {
    let host = Url::parse(&actor.inbox_url).map(|u| authority(&u)).unwrap_or_default();
    vec![(actor.inbox_url.clone(), host)]
}

/// Where a server-wide delivery to `actor` goes, as (URL, host): its shared
/// inbox when it has one.
pub(crate) fn server_inbox(actor: &ActorRow) -> (String, String) {
    let inbox = actor.shared_inbox_url.clone().unwrap_or_else(|| actor.inbox_url.clone());
    let host = Url::parse(&inbox).map(|u| authority(&u)).unwrap_or_default();
    (inbox, host)
}

/// Inboxes of an actor's accepted followers, as (URL, host).
pub(crate) fn follower_inboxes(
    conn: &mut DbConnection,
    actor: &ActorRow,
) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(follows::follower_inboxes(conn, &actor.id)?
        .into_iter()
        .map(|url| {
            let host = Url::parse(&url).map(|u| authority(&u)).unwrap_or_default();
            (url, host)
        })
        .collect())
}

/// A stored actor by row id.
pub(crate) fn load(conn: &mut DbConnection, id: &str) -> Result<ActorRow, ServiceError> {
    actors::find_by_id(conn, id)?.ok_or(ServiceError::NotFound("actor"))
}

/// The local network actor.
pub(crate) fn network_actor(conn: &mut DbConnection) -> Result<ActorRow, ServiceError> {
    actors::local_network(conn)?.ok_or(ServiceError::NotFound("network actor"))
}

/// What the activities rendered in one transaction look up again and
/// again: the network actor, the partners, the stream groups, authors and
/// their followers' inboxes, each read once. Valid while the transaction
/// changes none of them (an import or a publication does not).
#[derive(Default)]
pub(crate) struct Lookups {
    network: Option<ActorRow>,
    partners: Option<Vec<ActorRow>>,
    partner_groups: HashMap<String, Vec<ActorRow>>,
    groups: HashMap<String, ActorRow>,
    /// Actors by row id.
    actors: HashMap<ActorId, ActorRow>,
    /// A member co-op's actor row id, by the co-op's row id.
    member_actors: HashMap<MemberId, ActorId>,
    /// Followers' inboxes by the followed actor's row id.
    followers: HashMap<ActorId, Vec<(String, String)>>,
}

impl Lookups {
    /// The local network actor.
    pub(crate) fn network(&mut self, conn: &mut DbConnection) -> Result<ActorRow, ServiceError> {
        if let Some(network) = &self.network {
            return Ok(network.clone());
        }
        let network = network_actor(conn)?;
        self.network = Some(network.clone());
        Ok(network)
    }

    /// The partner networks (see [`crate::partners::policy::partners`]).
    pub(crate) fn partners(&mut self, conn: &mut DbConnection) -> Result<Vec<ActorRow>, ServiceError> {
        if let Some(partners) = &self.partners {
            return Ok(partners.clone());
        }
        let partners = crate::partners::policy::partners(conn)?;
        self.partners = Some(partners.clone());
        Ok(partners)
    }

    /// The stream group `name` of every partner network.
    pub(crate) fn partner_groups(
        &mut self,
        conn: &mut DbConnection,
        name: &str,
    ) -> Result<Vec<ActorRow>, ServiceError> {
        if let Some(groups) = self.partner_groups.get(name) {
            return Ok(groups.clone());
        }
        let groups = crate::partners::policy::partner_groups(conn, name)?;
        self.partner_groups.insert(name.to_owned(), groups.clone());
        Ok(groups)
    }

    /// The local stream group `name`.
    pub(crate) fn group(&mut self, conn: &mut DbConnection, name: &str) -> Result<ActorRow, ServiceError> {
        if let Some(group) = self.groups.get(name) {
            return Ok(group.clone());
        }
        let group =
            actors::find_local(conn, actors::ActorKind::Group, name)?.ok_or(ServiceError::NotFound("stream group"))?;
        self.groups.insert(name.to_owned(), group.clone());
        Ok(group)
    }

    /// The actor of the member co-op with the row id `member_id`.
    pub(crate) fn member_actor(
        &mut self,
        conn: &mut DbConnection,
        member_id: &MemberId,
    ) -> Result<ActorRow, ServiceError> {
        let actor_id = match self.member_actors.get(member_id) {
            Some(actor_id) => actor_id.clone(),
            None => {
                let member =
                    coopfed_db::members::find_member_by_id(conn, member_id)?.ok_or(ServiceError::NotFound("member"))?;
                self.member_actors.insert(member_id.clone(), member.actor_id.clone());
                member.actor_id
            }
        };
        if let Some(actor) = self.actors.get(&actor_id) {
            return Ok(actor.clone());
        }
        let actor = load(conn, &actor_id)?;
        self.actors.insert(actor_id, actor.clone());
        Ok(actor)
    }

    /// Inboxes of an actor's accepted followers, as (URL, host).
    pub(crate) fn follower_inboxes(
        &mut self,
        conn: &mut DbConnection,
        actor: &ActorRow,
    ) -> Result<Vec<(String, String)>, ServiceError> {
        if let Some(inboxes) = self.followers.get(&actor.id) {
            return Ok(inboxes.clone());
        }
        let inboxes = follower_inboxes(conn, actor)?;
        self.followers.insert(actor.id.clone(), inboxes.clone());
        Ok(inboxes)
    }
}

/// The followers collection of a local actor, for addressing.
pub(crate) fn followers_of(actor: &ActorRow) -> String {
    actor.followers_url.clone().unwrap_or_default()
}

/// An activity of `actor` to `inboxes`, under `context`.
pub(crate) fn outgoing<T: Serialize>(
    actor: &ActorRow,
    activity: T,
    context: Value,
    inboxes: Vec<(String, String)>,
) -> Result<OutgoingActivity, ServiceError> {
    let document = serde_json::to_value(WithContext::new(activity, context)).map_err(ProtocolError::from)?;
    Ok(document_to(actor, document, inboxes))
}

/// An activity document (with its `@context`) of `actor` to `inboxes`.
pub(crate) fn document_to(actor: &ActorRow, document: Value, inboxes: Vec<(String, String)>) -> OutgoingActivity {
    let public = ["to", "cc"]
        .iter()
        .any(|field| crate::values::ids_of(document.get(*field)).iter().any(|id| crate::values::is_public(id)));
    OutgoingActivity {
        actor_id: actor.id.clone(),
        activity_id: document["id"].as_str().unwrap_or_default().to_owned(),
        kind: document["type"].as_str().unwrap_or_default().to_owned(),
        payload: document.to_string(),
        public,
        inboxes,
        embeds: None,
    }
}

/// The `@context` of plain activities.
pub(crate) fn as_context() -> Value {
    Value::String(AS_CONTEXT.into())
}
