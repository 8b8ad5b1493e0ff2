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

/// The `Flag` of a report made here: the instance actor sends it to the
/// shared inbox of the reported items' home server, as Mastodon does.
pub(crate) fn render(
    outbound: &crate::sending::ApOutbound,
    conn: &mut DbConnection,
    report_id: &str,
) -> Result<Vec<coopfed_service::outbound::OutgoingActivity>, ServiceError> {
    use coopfed_db::actors;
    let report = coopfed_db::reports::find(conn, report_id)?.ok_or(ServiceError::NotFound("report"))?;
    let instance = actors::find_by_ap_id(conn, outbound.urls().instance_actor().as_str())?
        .ok_or(ServiceError::NotFound("instance actor"))?;
    let home = home_actor(conn, &report.targets.0)?.ok_or_else(|| {
        ServiceError::problem(
            "targets",
            coopfed_core::records::Problem::Other("the reported items' server is not known here".into()),
        )
    })?;
    let flag = Flag {
        id: outbound.new_activity_id(),
        kind: Default::default(),
        actor: instance.ap_id.clone(),
        object: report.targets.0.clone(),
        content: report.comment.clone(),
        to: vec![home.ap_id.clone()],
    };
    let inbox = crate::sending::server_inbox(&home);
    Ok(vec![crate::sending::outgoing(&instance, flag, crate::sending::as_context(), vec![inbox])?])
}

/// A stored remote actor of the reported items' server: a reported account,
/// or the author of a reported offer or announcement.
fn home_actor(conn: &mut DbConnection, targets: &[String]) -> Result<Option<ActorRow>, ServiceError> {
    use coopfed_db::{actors, members};
    for target in targets {
        if let Some(actor) = actors::find_by_ap_id(conn, target)?.filter(|a| !a.is_local) {
            return Ok(Some(actor));
        }
        let member_id = match coopfed_db::jobs::find_by_ap_id(conn, target)? {
            Some(job) => Some(job.member_id.to_string()),
            None => {
                coopfed_db::announcements::find_by_ap_id(conn, target)?.and_then(|a| a.member_id.map(|m| m.to_string()))
            }
        };
        if let Some(member) = member_id.map(|id| members::find_member_by_id(conn, &id)).transpose()?.flatten() {
            if let Some(actor) = actors::find_by_id(conn, member.actor_id.as_ref())?.filter(|a| !a.is_local) {
                return Ok(Some(actor));
            }
        }
    }
    Ok(None)
}
