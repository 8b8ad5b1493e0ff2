//! The seam between use-cases and federation. A use-case states *what*
//! happened as an [`Action`]; an [`Outbound`] implementation (the federation
//! crate) renders it into activities and their recipients; [`emit`] stores
//! them in the outbox, in the caller's transaction, for the delivery worker.

use coopfed_db::{DbConnection, deliveries};

use crate::ServiceError;

/// Something other servers must hear about.
#[derive(Debug, Clone)]
pub enum Action {
    /// A local actor asks to follow a remote one (the follow row is pending).
    Follow { follow_id: String },
    /// A local actor stops following; the row is about to be deleted.
    Unfollow { follow_id: String },
    /// A local actor accepts a remote follow. `follow` is the received Follow (JSON).
    AcceptFollow { follow_id: String, follow: String },
    /// A local actor rejects a remote follow.
    RejectFollow { follow_id: String, follow: String },
    /// A local member co-op published a job offer.
    JobPublished { job_id: coopfed_db::JobId },
    /// A local job offer changed.
    JobUpdated { job_id: coopfed_db::JobId },
    /// A local job offer was withdrawn.
    JobDeleted { job_id: coopfed_db::JobId },
    /// News or an event was published by the local network or one of its co-ops.
    AnnouncementPublished { announcement_id: String },
    /// A local announcement changed.
    AnnouncementUpdated { announcement_id: String },
    /// A local announcement was withdrawn.
    AnnouncementDeleted { announcement_id: String },
    /// A member co-op joined the local network (the network announces `Add`).
    MemberAdded { member_id: coopfed_db::MemberId },
    /// A local member co-op's profile changed (the co-op sends `Update`).
    MemberUpdated { member_id: coopfed_db::MemberId },
    /// A member co-op left the local network (the network announces `Remove`).
    /// The row is gone by the time this is rendered, so its id travels along.
    MemberRemoved { member_ap_id: String },
    /// A local group accepted a job from a partner (publish to all) and passes
    /// the author's activity on to its followers.
    GroupAnnounce { group_id: coopfed_db::ActorId, activity: String },
    /// A local actor has a new key pair: it sends an `Update` of itself.
    KeyRotated { actor_id: coopfed_db::ActorId },
    /// An admin reported remote items: the instance actor sends a `Flag` to
    /// their home server.
    Flag { report_id: String },
}

/// An activity ready to store and deliver.
#[derive(Debug, Clone)]
pub struct OutgoingActivity {
    /// The local actor that sends (and signs) it.
    pub actor_id: coopfed_db::ActorId,
    pub activity_id: String,
    pub kind: String,
    /// The JSON document.
    pub payload: String,
    /// Addressed to the public (listed in the actor's outbox collection).
    pub public: bool,
    /// The id of a local object left as an id in `payload`, whose current
    /// document is put in its place when the activity is sent or listed.
    pub embeds: Option<String>,
    /// Target inboxes as (URL, host).
    pub inboxes: Vec<(String, String)>,
}

/// Turns actions into activities. Runs inside the caller's transaction.
pub trait Outbound: Send + Sync {
    fn render(&self, conn: &mut DbConnection, action: &Action) -> Result<Vec<OutgoingActivity>, ServiceError>;

    /// Renders several actions whose changes are all written.
    fn render_all(&self, conn: &mut DbConnection, actions: &[Action]) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let mut out = Vec::new();
        for action in actions {
            out.extend(self.render(conn, action)?);
        }
        Ok(out)
    }
}

/// Renders an action and queues its activities for delivery.
pub fn emit(conn: &mut DbConnection, outbound: &dyn Outbound, action: &Action) -> Result<(), ServiceError> {
    emit_all(conn, outbound, std::slice::from_ref(action))
}

/// Renders actions whose changes are written and queues their activities.
pub fn emit_all(conn: &mut DbConnection, outbound: &dyn Outbound, actions: &[Action]) -> Result<(), ServiceError> {
    let activities = outbound.render_all(conn, actions)?;
    let new: Vec<(deliveries::NewActivity<'_>, &[(String, String)])> = activities
        .iter()
        .map(|activity| {
            let new = deliveries::NewActivity {
                actor_id: &activity.actor_id,
                activity_id: &activity.activity_id,
                kind: &activity.kind,
                payload: &activity.payload,
                public: activity.public,
                embeds: activity.embeds.as_deref(),
            };
            (new, activity.inboxes.as_slice())
        })
        .collect();
    deliveries::enqueue_all(conn, &new)?;
    Ok(())
}
