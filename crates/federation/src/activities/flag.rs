//! `Flag`: a report about actors or objects, as Mastodon sends them from
//! its instance actor. It is stored by the inbox (so it can be found by id)
//! and acted on by nobody yet: it is logged for the admin.

use coopfed_db::actors::ActorRow;
use coopfed_service::ServiceError;

use crate::protocol::activities::Flag;

/// A report by `actor`. Nothing is queued.
pub(crate) fn receive(actor: &ActorRow, flag: &Flag) -> Result<bool, ServiceError> {
    tracing::info!(
        reporter = %actor.ap_id,
        objects = flag.object.len(),
        report = %flag.id,
        "a report arrived; it is kept in the inbox"
    );
    Ok(false)
}
