//! `Announce` (FEP-1b12): a group shares an activity or object with its
//! followers. Our stream groups announce what they take (and the network
//! actor relays to its own followers); from a remote group a local actor
//! follows, we take the shared item, fetched from its origin rather than
//! trusted from the announcement.

use coopfed_db::{DbConnection, actors::ActorRow, announcements::AnnouncementRow, follows, jobs::JobRow};
use coopfed_service::{ServiceError, outbound::OutgoingActivity};
use serde_json::Value;
use url::Url;

use super::{
    inbound::{Inbound, Prefetched},
    stream::{self, ItemKind, Origin},
};
use crate::{
    client::FetchError,
    context::Federation,
    protocol::{ObjectRef, PUBLIC, activities::Announce, kinds::activity::AnnounceType},
    remote,
    sending::{ApOutbound, Lookups, as_context, followers_of, outgoing, server_inbox},
    values::{id_of, type_of},
};

/// Fetches a shared object from its origin (and its author), instead of
/// trusting the copy inside the announcement.
pub(crate) async fn prefetch(federation: &Federation, announce: &Announce) -> Prefetched {
    let Some(object_id) = announce.shared_object_id().map(str::to_owned) else { return Prefetched::Nothing };
    let Ok(url) = Url::parse(&object_id) else { return Prefetched::Nothing };
    let Ok(signer) = federation.instance_signer().await else { return Prefetched::Nothing };
    match federation.client.get_json(&url, Some(&signer)).await {
        Ok(document) => {
            if let Some(author) = document.get("attributedTo").and_then(id_of).and_then(|a| Url::parse(a).ok()) {
                if author.origin() != url.origin() {
                    return Prefetched::Nothing;
                }
                if let Err(error) = remote::actor(&federation.client, &federation.db, &author, &signer).await {
                    tracing::info!(%error, "cannot fetch the author of an announced object");
                    return Prefetched::Nothing;
                }
            }
            Prefetched::Announced(object_id, Origin::Found(document))
        }
        Err(FetchError::Status(_, status)) if status.as_u16() == 404 || status.as_u16() == 410 => {
            Prefetched::Announced(object_id, Origin::Gone)
        }
        Err(error) => {
            tracing::info!(%error, "cannot fetch an announced object from its origin");
            Prefetched::Nothing
        }
    }
}

/// A remote group's Announce, once its object was fetched. Taken only from a
/// group a local actor follows.
pub(crate) fn receive(
    conn: &mut DbConnection,
    inbound: &Inbound<'_>,
    group: &ActorRow,
    prefetched: &Prefetched,
) -> Result<bool, ServiceError> {
    let Prefetched::Announced(object_id, origin) = prefetched else { return Ok(false) };
    if follows::count(conn, &group.id, follows::Direction::Followers)? == 0 {
        return Ok(false);
    }
    let (policy, today, activity_id) = (inbound.settings.policies.group(), inbound.today, &inbound.row.activity_id);
    let is_job = matches!(origin, Origin::Found(object) if ItemKind::of_document(object) == Some(ItemKind::Job));
    // Gone at its origin: whichever stream holds it.
    if is_job || matches!(origin, Origin::Gone) {
        stream::receive_announced::<JobRow>(conn, policy, group, object_id, origin, activity_id, today)?;
    }
    if !is_job {
        stream::receive_announced::<AnnouncementRow>(conn, policy, group, object_id, origin, activity_id, today)?;
    }
    Ok(false)
}

/// An activity a group shares, and the local item it carries by id (see
/// [`crate::embeds`]).
pub(crate) struct Shared {
    pub activity: Value,
    pub embeds: Option<String>,
}

impl Shared {
    /// An activity that carries its objects itself.
    pub(crate) fn whole(activity: Value) -> Self {
        Self { activity, embeds: None }
    }
}

/// A local stream group's announcements of an activity to its followers,
/// and the network actor's to its own (following `@network` brings
/// everything). An inbox that `reached` already, or that the group
/// reaches, gets nothing from the network; partner networks are left out,
/// as they take offers by their own jobs group's rules.
pub(crate) fn render_stream(
    outbound: &ApOutbound,
    (conn, lookups): (&mut DbConnection, &mut Lookups),
    group: &ActorRow,
    shared: Shared,
    mut reached: Vec<(String, String)>,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let network = lookups.network(conn)?;
    let by_network = shared.activity.get("actor").and_then(id_of) == Some(network.ap_id.as_str());
    let group_inboxes = lookups.follower_inboxes(conn, group)?;
    let mut out = announces(outbound, group, &shared, group_inboxes.clone())?;
    if by_network {
        return Ok(out);
    }
    reached.extend(group_inboxes);
    reached.extend(lookups.partners(conn)?.iter().map(server_inbox));
    let network_inboxes: Vec<(String, String)> = lookups
        .follower_inboxes(conn, &network)?
        .into_iter()
        .filter(|(url, _)| !reached.iter().any(|(seen, _)| seen == url))
        .collect();
    out.extend(announces(outbound, &network, &shared, network_inboxes)?);
    Ok(out)
}

/// A local group's FEP-1b12 announcements of an activity to its followers:
/// the activity itself, and for a Create also the object, for servers
/// that only understand announced objects.
fn announces(
    outbound: &ApOutbound,
    group: &ActorRow,
    shared: &Shared,
    inboxes: Vec<(String, String)>,
) -> Result<Vec<OutgoingActivity>, ServiceError> {
    let mut activity = shared.activity.clone();
    let object_id = activity.get("object").and_then(id_of).map(str::to_owned);
    let is_create = type_of(&activity) == Some("Create");
    if let Some(map) = activity.as_object_mut() {
        map.remove("@context");
    }
    let activity_id = id_of(&activity).unwrap_or_default().to_owned();
    let announce = |object: ObjectRef| Announce {
        id: outbound.new_activity_id(),
        kind: AnnounceType::Announce,
        actor: group.ap_id.clone(),
        object,
        to: vec![PUBLIC.to_owned()],
        cc: vec![followers_of(group)],
    };
    let embedded = ObjectRef { id: activity_id, embedded: Some(activity) };
    let mut of_activity = outgoing(group, announce(embedded), as_context(), inboxes.clone())?;
    of_activity.embeds.clone_from(&shared.embeds);
    let mut out = vec![of_activity];
    if let (true, Some(object_id)) = (is_create, object_id) {
        out.push(outgoing(group, announce(ObjectRef::id(object_id)), as_context(), inboxes)?);
    }
    Ok(out)
}
