//! What sending any activity needs: our activity ids, addressing, the
//! inboxes of an actor or its followers, and the rendered document with its
//! `@context`. The modules under [`crate::activities`] build on it;
//! [`crate::outbound`] hands them the service layer's actions.

use coopfed_core::InstanceUrls;
use coopfed_db::{
    DbConnection,
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
