//! Rendering the service layer's actions into ActivityPub activities (the
//! [`Outbound`] it is given). Each activity's module under
//! [`crate::activities`] says how it is sent.

use coopfed_db::DbConnection;
use coopfed_service::{
    ServiceError,
    outbound::{Action, Outbound, OutgoingActivity},
};
use serde_json::Value;

use crate::{
    activities::{accept, add, announce, create, flag, follow, remove, undo, update},
    protocol::ProtocolError,
    sending::{Lookups, load},
};
pub use crate::{protocol::AS_CONTEXT, sending::ApOutbound};

impl Outbound for ApOutbound {
    fn render(&self, conn: &mut DbConnection, action: &Action) -> Result<Vec<OutgoingActivity>, ServiceError> {
        self.render_all(conn, std::slice::from_ref(action))
    }

    /// The actions share what they look up (the network, partners, groups,
    /// authors and followers): read once for all of them.
    fn render_all(&self, conn: &mut DbConnection, actions: &[Action]) -> Result<Vec<OutgoingActivity>, ServiceError> {
        let mut lookups = Lookups::default();
        let mut out = Vec::new();
        for action in actions {
            out.extend(self.render_one(conn, &mut lookups, action)?);
        }
        Ok(out)
    }
}

impl ApOutbound {
    fn render_one(
        &self,
        conn: &mut DbConnection,
        lookups: &mut Lookups,
        action: &Action,
    ) -> Result<Vec<OutgoingActivity>, ServiceError> {
        match action {
            Action::Follow { follow_id } => follow::render(self, conn, follow_id),
            Action::Unfollow { follow_id } => undo::render_unfollow(self, conn, follow_id),
            Action::AcceptFollow { follow_id, follow } => accept::render(self, conn, follow_id, follow, true),
            Action::RejectFollow { follow_id, follow } => accept::render(self, conn, follow_id, follow, false),
            Action::JobPublished { job_id } | Action::JobUpdated { job_id } | Action::JobDeleted { job_id } => {
                create::render_job(self, (conn, lookups), action, job_id)
            }
            Action::AnnouncementPublished { announcement_id }
            | Action::AnnouncementUpdated { announcement_id }
            | Action::AnnouncementDeleted { announcement_id } => {
                create::render_announcement(self, (conn, lookups), action, announcement_id)
            }
            Action::MemberAdded { member_id } => add::render(self, (conn, lookups), member_id),
            Action::MemberUpdated { member_id } => update::render_member(self, conn, member_id),
            Action::MemberRemoved { member_ap_id } => remove::render(self, conn, member_ap_id),
            Action::KeyRotated { actor_id } => update::render_actor(self, conn, actor_id),
            Action::Flag { report_id } => flag::render(self, conn, report_id),
            Action::GroupAnnounce { group_id, activity } => {
                let group = load(conn, group_id)?;
                let inner: Value = serde_json::from_str(activity).map_err(|e| ServiceError::invalid("activity", e))?;
                announce::render_stream(self, (conn, lookups), &group, announce::Shared::whole(inner), Vec::new())
            }
        }
    }
}

impl From<ProtocolError> for ServiceError {
    fn from(error: ProtocolError) -> Self {
        ServiceError::invalid("activity", error)
    }
}
