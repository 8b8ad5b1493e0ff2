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

/// The `@context` of every activity we send.
pub const AS_CONTEXT: &str = "https://www.w3.org/ns/activitystreams";

fn inbox_of(actor: &ActorRow) -> Vec<(String, String)> {
    let host = Url::parse(&actor.inbox_url).map(|u| authority(&u)).unwrap_or_default();
    vec![(actor.inbox_url.clone(), host)]
}

fn load(conn: &mut DbConnection, id: &str) -> Result<ActorRow, ServiceError> {
    actors::find_by_id(conn, id)?.ok_or(ServiceError::NotFound("actor"))
}

fn outgoing(actor: &ActorRow, activity: Value, inboxes: Vec<(String, String)>) -> OutgoingActivity {
    OutgoingActivity {
        actor_id: actor.id.clone(),
        activity_id: activity["id"].as_str().unwrap_or_default().to_owned(),
        kind: activity["type"].as_str().unwrap_or_default().to_owned(),
        payload: activity.to_string(),
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
                let mut embedded: Value = serde_json::from_str(follow)
                    .unwrap_or_else(|_| json!(row.follow_activity_id.clone().unwrap_or_default()));
                if let Some(map) = embedded.as_object_mut() {
                    map.remove("@context");
                }
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
        }
    }
}
