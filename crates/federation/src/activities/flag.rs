//! `Flag`: a report about actors or objects, as Mastodon sends them from
//! its instance actor. It lands in the moderation queue with what this
//! instance held of the reported items when it arrived; an admin resolves
//! it (see `coopfed_service::reports`).

use coopfed_db::{DbConnection, actors::ActorRow};
use coopfed_service::ServiceError;

use crate::protocol::activities::Flag;

/// A report by `actor`. Nothing is queued for delivery.
pub(crate) fn receive(conn: &mut DbConnection, actor: &ActorRow, flag: &Flag) -> Result<bool, ServiceError> {
    let stored =
        coopfed_service::reports::receive(conn, &flag.id, &actor.ap_id, &flag.object, flag.content.as_deref())?;
    if stored {
        tracing::info!(reporter = %actor.ap_id, objects = flag.object.len(), report = %flag.id, "a report arrived");
    }
    Ok(false)
}
